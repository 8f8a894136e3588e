"""Print the demo accounts created by `load_demo`, for the demo command to show after start-up."""

from django.core.management.base import BaseCommand

from courses.demo import content
from portal.models import User


class Command(BaseCommand):
    help = "Print the demo users: role, e-mail and password."

    def handle(self, *args, **options):
        rows = [("Role", "E-mail", "Password")]
        rows += [(user["role"], user["email"], content.DEMO_PASSWORD) for user in content.USERS]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

        self.stdout.write("Demo accounts:")
        self.stdout.write(rule)
        for index, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("| " + " | ".join(cells) + " |")
            if index == 0:
                self.stdout.write(rule)
        self.stdout.write(rule)

        emails = [user["email"] for user in content.USERS]
        if User.objects.filter(email__in=emails).count() < len(emails):
            self.stdout.write(self.style.WARNING("Some of these accounts do not exist yet: run `load_demo`."))
