"""E-mail reviewers and moderators the alerts that came in since the last digest (each alert once)."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse

from claims import feed_selectors, feed_services
from claims.roles import MODERATOR, REVIEWER


def digest_recipients() -> list[str]:
    """Active reviewers, moderators and superusers with an e-mail address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(groups__name__in=[REVIEWER, MODERATOR]) | Q(is_superuser=True)).distinct()
    return sorted({user.email for user in users})


def digest_body(alerts) -> str:
    dashboard = f"{settings.SITE_URL}{reverse('claims:dashboard')}"
    lines = [f"{len(alerts)} claim{'s' if len(alerts) != 1 else ''} already checked came back. Decide on the dashboard: {dashboard}", ""]
    for alert in alerts:
        outlet = alert.article.outlet.name if alert.article.outlet else "an article"
        lines.append(f"* {alert.claim.speaker.name}: \u201c{alert.claim.text}\u201d ({alert.claim.get_status_display().lower()})")
        for link in alert.claim.answers:
            lines.append(f"    {'denied' if link.relation == 'denies' else 'contradicted'} by {link.from_claim.speaker.name}: \u201c{link.from_claim.text}\u201d")
        lines.append(f"  came back in {outlet}: {alert.article.title or alert.article.url}")
        if alert.article.url:
            lines.append(f"  {alert.article.url}")
        lines.append(f"  {alert.appearance.claim.speaker.name}: \u201c{alert.appearance.quote}\u201d ({alert.reason})")
        lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Send the alert digest (alerts not yet e-mailed) to reviewers and moderators through Django's mailer."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, format, **options):
        alerts = feed_selectors.alerts_for_digest()
        recipients = digest_recipients()
        sent = 0
        if alerts and recipients:
            message = EmailMessage(
                subject=f"Claim Tracker: {len(alerts)} claim{'s' if len(alerts) != 1 else ''} came back",
                body=digest_body(alerts),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=recipients,
            )
            try:
                mailers.default.send_messages([message])
            except OSError as error:
                raise CommandError(f"Could not send the digest: {error}") from None
            sent = feed_services.alerts_mark_emailed(alerts=alerts, recipients=recipients)
        if format == "json":
            self.stdout.write(json.dumps({"alerts": sent, "recipients": len(recipients) if sent else 0}))
        elif sent:
            self.stdout.write(f"Sent {sent} alert{'s' if sent != 1 else ''} to {len(recipients)} recipient{'s' if len(recipients) != 1 else ''}.")
        elif alerts:
            self.stdout.write("No reviewer or moderator has an e-mail address; nothing was sent.")
        else:
            self.stdout.write("No new alerts.")
