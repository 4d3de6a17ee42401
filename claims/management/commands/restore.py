"""`manage.py restore FILE`: replace the database's contents with a backup, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.backup import BackupError, backup_restore, connection_settings


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (pg_restore --clean, in one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .dump file to restore.")
        parser.add_argument("--database-url", help="Restore into this database instead of the configured one.")

    def handle(self, *args, file, database_url=None, **options):
        try:
            backup_restore(path=Path(file), database_url=database_url)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file} into database {connection_settings(database_url)['NAME']}.")
