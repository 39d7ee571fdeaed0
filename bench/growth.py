"""The data-growth half of `make bench`: does the staff side stay fast as enquiries pile up?

bench/run.py runs this once per database, in a process of its own whose DATABASE_URL
names a throwaway database (a file under bench/out/, or a PostgreSQL cluster made for the
run): never the development one. It seeds enquiries in steps (1,000, then 100,000) and
after each step times what staff and cron do against the whole table: the triage queue
page, the SLA report page for the last year, `check_enquiry_sla`, `retry_outbound_emails`
and `apply_enquiry_retention`. Prints the figures as JSON on its last line.

The seeded clinic, made to be a steady state, not a backlog: 55 enquiries a day (about
20,000 a year), so 1,000 are its first 18 days and 100,000 its five years, each step
adding older history. 90% were answered, mostly within the promise; the rest were marked
as spam, closed unanswered or held as suspected spam; nearly all older than two weeks are
closed. The nightly jobs have run until yesterday: the enquiries closed more than
ENQUIRY_RETENTION_DAYS ago are erased except the last day's, held spam older than
ENQUIRY_SPAM_RETENTION_DAYS is gone except the last day's, and the alerts for every reply
due soon or overdue went out except those of the last five minutes. So each command has
one run's work to do, on tables of full size. Each enquiry has ten emails (1,000,000 at
100,000; erasure would have deleted those of the erased enquiries, so the table is bigger
than it would be), and the emails of the last 30 days have their task results (cron
prunes older ones).
"""

import argparse
import itertools
import json
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from importlib import import_module
from io import StringIO
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genesis_site.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from centres.models import Centre  # noqa: E402
from enquiries.models import REFERENCE_ALPHABET, Enquiry, ResponsePolicy  # noqa: E402
from genesis_site.health import static_files_collected  # noqa: E402
from therapies.models import Therapy  # noqa: E402

# About 20,000 a year: 1,000 enquiries are the clinic's first 18 days, 100,000 its 5 years.
PER_DAY = 55
EMAILS_PER_ENQUIRY = 10
TASK_RESULT_DAYS = 30  # README: cron prunes task results older than this
BATCH = 2000
COMMANDS = ("check_enquiry_sla", "retry_outbound_emails", "apply_enquiry_retention")
BODY = (
    "Dear enquirer,\n\nThank you for getting in touch with the Theranostics service. "
    "Your reference is below; a member of our team will reply within one working day. "
    "If your symptoms get worse, contact your specialist team or call 111.\n\n"
    "With best wishes,\nThe Theranostics team\n"
)


def progress(message: str) -> None:
    print(f"  {connection.vendor}: {message}", file=sys.stderr, flush=True)


class Outbox:
    """Where the emails about enquiries live, the one place that knows both layouts.

    OutboundEmail moves from the enquiries app (a foreign key to its enquiry; the SLA
    alerts sent recorded in two columns of Enquiry; the send_email task in
    enquiries.tasks) to an outbox app (a generic link to what it is about; an alert is an
    email with a once-key; the task in outbox.tasks).
    """

    def __init__(self):
        for app_label in ("outbox", "enquiries"):
            try:
                self.model = apps.get_model(app_label, "OutboundEmail")
                break
            except LookupError:
                continue
        self.task = import_module(f"{self.model._meta.app_label}.tasks").send_email
        fields = {field.name for field in self.model._meta.get_fields()}
        self.generic = "content_type" in fields
        # Queued when the enquiry arrived (the model's default is now); only the outbox
        # app's layout has the column.
        self.extra = {"queued_at": "e.received_at"} if "queued_at" in fields else {}
        self.alert_columns = hasattr(Enquiry, "overdue_alert_sent_at")

    def about(self) -> dict[str, str]:
        """The columns linking an email to enquiry ``e``, as SQL."""
        if not self.generic:
            return {self.model._meta.get_field("enquiry").column: "e.id"}
        enquiry_type = ContentType.objects.get_for_model(Enquiry).pk
        return {"content_type_id": str(enquiry_type), "object_id": "e.id"}

    def insert(self, *, kinds: list[str], status: str, once_key: str, where: str) -> None:
        """INSERT ... SELECT, for each enquiry ``e`` matching ``where``, one email of each
        of ``kinds`` (``k.column1`` numbers them, ``k.column2`` is the kind). ``status``,
        ``once_key`` and ``where`` are SQL; the values in them come from this script.
        Every other column takes its model default, as when the site queues an email
        (e.g. no extra headers, no error yet), so a new column needs no change here."""
        queued = f"({status}) = 'queued'"
        columns = (
            self.about()
            | {
                "kind": "k.column2",
                "to_address": "'enquirer@example.org'",
                "subject": "'About your enquiry'",
                "message_id": "'<bench-' || e.id || '-' || k.column1 || '@example.org>'",
                "status": status,
                "attempts": "1",
                "created_at": "e.received_at",
                # Those still queued wait for a retry, at the time their reply is due.
                "next_attempt_at": f"CASE WHEN {queued} THEN e.due_at ELSE NULL END",
                "sent_at": f"CASE WHEN {queued} THEN NULL ELSE e.received_at END",
            }
            | self.extra
        )
        if self.generic:
            columns["once_key"] = once_key
        bound = {
            field.column: field.get_db_prep_save(field.get_default(), connection)
            for field in self.model._meta.concrete_fields
            if not field.db_returning and field.column not in columns
        } | {"body": BODY}
        columns |= dict.fromkeys(bound, "%s")
        values = ", ".join(f"({n}, '{kind}')" for n, kind in enumerate(kinds))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {self.model._meta.db_table} ({", ".join(columns)})
                SELECT {", ".join(columns.values())}
                FROM {Enquiry._meta.db_table} e CROSS JOIN (VALUES {values}) AS k
                WHERE {where}
                """,
                list(bound.values()),
            )

    def newest_pk(self) -> int:
        return self.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def sql_time(value) -> str:
    """A datetime as an SQL literal, stored as Django stores it on this database."""
    return f"'{connection.ops.adapt_datetimefield_value(value)}'"


def reference(number: int) -> str:
    """ENQ- and six letters, as the site's own, numbered so that no two clash."""
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        letters = REFERENCE_ALPHABET[digit] + letters
    return "ENQ-" + letters


class Clinic:
    """Seeds enquiries as the site and its staff would have left them by now."""

    def __init__(self, now):
        self.now = now
        self.centres = [*Centre.objects.values_list("pk", flat=True), None]
        self.therapies = [*Therapy.objects.values_list("pk", flat=True), None]
        user_model = get_user_model()
        self.staff = [
            user_model.objects.get_or_create(
                username=f"bench-triage-{n}",
                defaults={"is_staff": True, "is_superuser": True},
            )[0]
            for n in range(4)
        ]
        self.staff_ids = [user.pk for user in self.staff]
        self.outbox = Outbox()
        self.seeded = Enquiry.objects.count()
        self.policy = ResponsePolicy.current()
        self.due_soon = timedelta(hours=settings.ENQUIRY_DUE_SOON_HOURS)
        self.retention = timedelta(days=settings.ENQUIRY_RETENTION_DAYS)
        self.spam_retention = timedelta(days=settings.ENQUIRY_SPAM_RETENTION_DAYS)

    def seed_to(self, total: int) -> float:
        """Add enquiries (with their emails and task results) until there are ``total``."""
        started = time.perf_counter()
        rng = random.Random(total)
        newest = Enquiry.objects.order_by("-pk").values_list("pk", flat=True).first()
        new = f"e.id > {newest or 0}"
        first_email = self.outbox.newest_pk() + 1
        with transaction.atomic():
            insert(Enquiry, (self.enquiry(n, rng) for n in range(self.seeded, total)))
            progress(f"enquiries in {time.perf_counter() - started:.1f}s")
            self.outbox.insert(
                kinds=["acknowledgement", "centre_notification"] * (EMAILS_PER_ENQUIRY // 2),
                # The last day's acknowledgements are still queued, waiting for a retry.
                status=f"CASE WHEN k.column1 = 0 AND e.received_at > "
                f"{sql_time(self.now - timedelta(days=1))} THEN 'queued' ELSE 'sent' END",
                # The site queues each kind once, keyed by its kind; the others stand in
                # for the rest of the conversation (replies, resends), which have no key.
                once_key="CASE WHEN k.column1 < 2 THEN k.column2 ELSE '' END",
                where=new,
            )
            self.alerts_sent(new)
            progress(f"emails by {time.perf_counter() - started:.1f}s")
            self.insert_task_results(first_email)
        progress(f"task results by {time.perf_counter() - started:.1f}s")
        self.seeded = total
        if connection.vendor == "postgresql":
            # As autovacuum would soon after a bulk load: the planner needs the new sizes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return time.perf_counter() - started

    def alerts_sent(self, new: str) -> None:
        """The alerts cron sent when it last ran, five minutes ago, about the new enquiries
        still awaiting a reply: due soon for those due within ENQUIRY_DUE_SOON_HOURS of
        then, overdue for those due by then."""
        last_run = self.now - timedelta(minutes=5)
        open_statuses = ", ".join(f"'{status}'" for status in Enquiry.OPEN_STATUSES)
        awaiting = f"{new} AND e.status IN ({open_statuses}) AND e.first_response_at IS NULL"
        for kind, due_by in [
            ("due_soon_alert", last_run + self.due_soon),
            ("overdue_alert", last_run),
        ]:
            where = f"{awaiting} AND e.due_at <= {sql_time(due_by)}"
            if self.outbox.alert_columns:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {Enquiry._meta.db_table} SET {kind}_sent_at = "
                        f"{sql_time(last_run)} WHERE id IN "
                        f"(SELECT e.id FROM {Enquiry._meta.db_table} e WHERE {where})"
                    )
            else:
                self.outbox.insert(kinds=[kind], status="'sent'", once_key="k.column2", where=where)

    def enquiry(self, n: int, rng: random.Random) -> dict:
        # Numbered from the newest back: each step adds older history.
        received = self.now - timedelta(days=(n + rng.random()) / PER_DAY)
        age = self.now - received
        due, due_soon = self.policy.deadlines(received)
        fields = {
            "reference": reference(n),
            "form_token": f"bench-{n}",
            "received_at": received,
            "due_at": due,
            "due_soon_at": due_soon,
            "status": Enquiry.Status.NEW,
            "enquiry_for": Enquiry.EnquiryFor.MYSELF,
            "full_name": f"Bench Enquirer {n}",
            "email": f"enquirer{n}@example.org",
            "phone": "+447700900982",
            "contact_method": rng.choice(Enquiry.ContactMethod.values),
            "contact_time": rng.choice(Enquiry.ContactTime.values),
            "funding": rng.choice(Enquiry.Funding.values),
            "has_referral": rng.choice(Enquiry.Referral.values),
            "message": "Could you tell me more about the treatment and whether it suits me?",
            "consent_version": settings.ENQUIRY_CONSENT_VERSION,
            "consent_given_at": received,
            "centre_id": rng.choice(self.centres),
            "therapy_id": rng.choice(self.therapies),
        }
        fate = rng.random()
        if fate < 0.02 and age < self.spam_retention + timedelta(days=1):
            fields |= {
                "status": Enquiry.Status.HELD,
                "held_as_spam_reason": Enquiry.SpamSignal.HONEYPOT,
            }
        elif fate < 0.07:
            fields |= {"status": Enquiry.Status.SPAM, "closed_at": received + timedelta(hours=2)}
        elif fate < 0.09:
            fields |= {"status": Enquiry.Status.CLOSED, "closed_at": received + timedelta(days=1)}
        else:
            # 85% within the promise, the rest up to a day late.
            hours = rng.uniform(1, 23) if rng.random() < 0.85 else rng.uniform(24, 48)
            replied = received + timedelta(hours=hours)
            if replied <= self.now:
                fields |= {
                    "first_response_at": replied,
                    "first_response_method": rng.choice(Enquiry.ResponseMethod.values),
                    "first_response_by_id": rng.choice(self.staff_ids),
                    "assignee_id": rng.choice(self.staff_ids),
                }
                closes = replied + timedelta(days=rng.uniform(1, 14))
                if closes <= self.now:
                    fields |= {"status": Enquiry.Status.CLOSED, "closed_at": closes}
                else:
                    fields["status"] = rng.choice(
                        [Enquiry.Status.RESPONDED, Enquiry.Status.WAITING]
                    )
            else:
                fields |= self.awaiting(rng)
        if (closed := fields.get("closed_at")) and closed < self.now - self.retention - timedelta(
            days=1
        ):
            fields |= dict.fromkeys(Enquiry.PERSONAL_FIELDS, "") | {
                "anonymised_at": closed + self.retention + timedelta(hours=3)
            }
        return fields

    def awaiting(self, rng: random.Random) -> dict:
        """Not yet answered; alerts_sent() records the alerts cron sent about it."""
        return {
            "status": rng.choice([Enquiry.Status.NEW, Enquiry.Status.IN_PROGRESS]),
            "assignee_id": rng.choice([None, *self.staff_ids]),
        }

    def insert_task_results(self, first_email: int) -> None:
        """The send_email task results of the last 30 days' new emails."""
        from django_tasks_db.models import DBTaskResult

        recent = self.outbox.model.objects.filter(
            pk__gte=first_email, created_at__gte=self.now - timedelta(days=TASK_RESULT_DAYS)
        ).values_list("pk", "created_at", "status")
        insert(
            DBTaskResult,
            (
                {
                    "id": uuid.uuid4(),
                    "status": "READY" if status == "queued" else "SUCCESSFUL",
                    "enqueued_at": created,
                    "started_at": None if status == "queued" else created,
                    "finished_at": None if status == "queued" else created,
                    "args_kwargs": {"args": [pk], "kwargs": {}},
                    "task_path": self.outbox.task.module_path,
                    "backend_name": "default",
                    "run_after": created,
                    "return_value": None if status == "queued" else "sent",
                }
                for pk, created, status in recent.iterator()
            ),
        )


def insert(model, rows) -> None:
    """INSERT rows (dicts of attribute names; the rest take their defaults) in batches.

    Plain executemany: bulk_create spends most of a 100,000-row seeding compiling SQL.
    """
    # All but an auto-incremented primary key, which the database numbers.
    fields = [field for field in model._meta.concrete_fields if not field.db_returning]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    defaults = {field.attname: field.get_default() for field in fields}
    adapters = [(field.attname, ADAPTERS.get(field.get_internal_type())) for field in fields]
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := [
            [
                value if adapter is None or value is None else adapter(value)
                for name, adapter in adapters
                for value in [row[name] if name in row else defaults[name]]
            ]
            for row in itertools.islice(rows, BATCH)
        ]:
            cursor.executemany(sql, batch)


ADAPTERS = {
    "DateTimeField": lambda value: connection.ops.adapt_datetimefield_value(value),
    "UUIDField": lambda value: value.hex,
    "JSONField": json.dumps,
}


def database_server_pid() -> int | None:
    """The PostgreSQL backend serving this process's connection: its CPU is server time too."""
    if connection.vendor != "postgresql":
        return None  # SQLite runs inside this process
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cpu_seconds(pid: int | None) -> float:
    own = time.process_time()
    if pid is None:
        return own
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return own + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(action, repeat: int) -> dict:
    """Server CPU time (this process and its database server) and wall time of the
    fastest of ``repeat`` runs, in milliseconds. Other work on the machine only ever adds
    to both, so the fastest run is the closest to what the action itself costs."""
    cpu, wall = [], []
    for _ in range(repeat):
        pid = database_server_pid()
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        action()
        wall.append(1000 * (time.perf_counter() - started))
        if pid != database_server_pid():
            sys.exit("The database connection changed mid-measurement: raise CONN_MAX_AGE")
        cpu.append(1000 * (cpu_seconds(pid) - cpu_before))
    return {"cpu_ms": min(cpu), "wall_ms": min(wall)}


def measure(clinic: Clinic, repeat: int) -> dict:
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(clinic.staff[0])
    queue = reverse("admin:enquiries_enquiry_changelist")
    today = timezone.localdate()
    year = {"start": (today - timedelta(days=364)).isoformat(), "end": today.isoformat()}
    report = reverse("admin:enquiries_enquiry_report")

    def get(path, params=None):
        response = client.get(path, params, secure=True)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        return response

    get(queue)  # compiles the admin's templates once, as a running server has
    with CaptureQueriesContext(connection) as queue_queries:
        get(queue)
    figures = {
        "enquiries": Enquiry.objects.count(),
        "emails": Outbox().model.objects.count(),
        "open": Enquiry.objects.open().count(),
        "in_report_year": Enquiry.objects.filter(
            received_at__date__gte=date.fromisoformat(year["start"])
        ).count(),
        "queue_queries": len(queue_queries),
        "queue": timed(lambda: get(queue), repeat),
        "report": timed(lambda: get(report, year), max(1, repeat // 2)),
    }
    for command in COMMANDS:
        # Once each: a second run would find today's work done.
        figures[command] = timed(lambda name=command: call_command(name, stdout=StringIO()), 1)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7, help="page loads timed per figure")
    args = parser.parse_args()
    if not static_files_collected():
        sys.exit("Run collectstatic into STATIC_ROOT first: the admin pages link their files.")
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    clinic = Clinic(timezone.now())
    results = []
    for size in args.sizes:
        progress(f"seeding {size:,} enquiries...")
        seconds = clinic.seed_to(size)
        progress(f"measuring at {size:,}...")
        results.append({"size": size, "seed_seconds": seconds} | measure(clinic, args.repeat))
    print(json.dumps({"vendor": connection.vendor, "steps": results}))


if __name__ == "__main__":
    main()
