"""`manage.py backup`: a timestamped pg_dump of the configured database under backups/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a pg_dump custom-format backup of the database to backups/<name>-<UTC time>.dump."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "backups"), help="Where to write the file.")
        parser.add_argument("--database-url", help="Back up this database instead of the configured one.")

    def handle(self, *args, folder, database_url=None, **options):
        try:
            path = backup_create(folder=Path(folder), database_url=database_url)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
