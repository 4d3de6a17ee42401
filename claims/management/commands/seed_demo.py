"""Demo users and demo content for a new machine; running it twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.crypto import get_random_string

from claims import demo
from claims.roles import EDITOR, MODERATOR, REVIEWER

class Command(BaseCommand):
    help = "Create the demo users (editor, reviewer, moderator) and import the demo articles. Development only."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for the three demo users (generated and printed when omitted).")

    def handle(self, *args, password=None, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates users with known passwords; it refuses to run when DEBUG is off.")
        if password is not None and len(password) < 8:
            raise CommandError("--password must be at least 8 characters.")
        created_password = self._seed_users(password)
        if created_password:
            credentials = Path(settings.DEMO_CREDENTIALS_FILE)
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text("".join(f"{name} / {created_password}\n" for name in (EDITOR, REVIEWER, MODERATOR)))
            credentials.chmod(0o600)
            self.stdout.write(f"Demo users editor, reviewer and moderator created with password: {created_password}")
        else:
            self.stdout.write("Demo users already exist; their passwords are unchanged.")
        report = demo.seed_content(stdout=self.stdout)
        self.stdout.write(report)
        self.stdout.write(demo.seed_dispute(stdout=self.stdout))

    @transaction.atomic
    def _seed_users(self, password: str | None) -> str | None:
        User = get_user_model()
        wanted = (EDITOR, REVIEWER, MODERATOR)
        if User.objects.filter(username__in=wanted).count() == len(wanted):
            return None
        password = password or get_random_string(14)
        for name in wanted:
            user, created = User.objects.get_or_create(username=name, defaults={"is_staff": name == MODERATOR})
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=name))
        return password
