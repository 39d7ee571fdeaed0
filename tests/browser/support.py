"""What the browser tests share: where the tools are, how chromium is started, the viewports."""

import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Debian's chromium waits on update, sync and QUIC probes that this
# closed network never answers (issue 6, "Practical facts").
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AUDIT_TOOLS = settings.BASE_DIR / "audit" / "node_modules"
AXE_SCRIPT = AUDIT_TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = AUDIT_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = AUDIT_TOOLS / ".bin" / "lighthouse"

RESULTS = settings.BASE_DIR / "test-results"

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means the server is up
        except OSError:
            time.sleep(0.2)
    return False


def focused_element(page: Page) -> dict:
    """The focused element as a keyboard user meets it, and whether a sighted user sees it.

    Focus counts as visible when the element is on screen with an outline or a box shadow
    (Bootstrap draws focus rings either way), as WCAG 2.4.7 asks.
    """
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            const label = (element.labels?.[0] ?? element).innerText ?? "";
            const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return {
                isBody: element === document.body || element === document.documentElement,
                tag: element.tagName.toLowerCase(),
                type: element.type ?? "",
                name: element.name ?? "",
                label: label.trim(),
                value: element.value ?? "",
                checked: Boolean(element.checked),
                description: `<${element.tagName.toLowerCase()}> ${label.trim().slice(0, 60)}`,
                focusVisible: box.width > 1 && box.height > 1
                    && (outlined || style.boxShadow !== "none"),
            };
        }"""
    )


class AuditFigures:
    """Figures the audits measure, printed per page (in the pages' order) at the end of the run."""

    COLUMNS = ["axe desktop", "axe phone", "Nu errors", "Lighthouse mobile", "Lighthouse desktop"]

    def __init__(self, page_names: list[str]):
        self.by_page: dict[str, dict[str, str]] = {name: {} for name in page_names}

    def record(self, page_name: str, column: str, value: object) -> None:
        self.by_page[page_name][column] = str(value)

    def table(self) -> str:
        measured = {column for row in self.by_page.values() for column in row}
        columns = [column for column in self.COLUMNS if column in measured]
        rows = [["Page", *columns]] + [
            [page, *(row.get(column, "-") for column in columns)]
            for page, row in self.by_page.items()
            if row
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(columns) + 1)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )


# Under pytest-xdist the tests run in worker processes and the table is printed by the
# one that started them: a test's figures travel there as user properties of its report.
AUDIT_FIGURE = "audit figure"


class AuditFigureRecorder:
    """What a test is given to record a figure (the `audit_figures` fixture)."""

    def __init__(self, node: pytest.Item):
        self.node = node

    def record(self, page_name: str, column: str, value: object) -> None:
        self.node.user_properties.append((AUDIT_FIGURE, (page_name, column, str(value))))


class AuditFigureReport:
    """A pytest plugin, in the process that prints the results: gathers the figures from
    every test's report and prints them as a table at the end (tests/conftest.py)."""

    def __init__(self, page_names: list[str]):
        self.figures = AuditFigures(page_names)
        self.measured = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        for name, figure in report.user_properties:
            if name == AUDIT_FIGURE:
                self.figures.record(*figure)
                self.measured = True

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.measured:
            return
        table = self.figures.table()
        terminalreporter.write_sep("=", "browser audit figures per page")
        terminalreporter.write_line(table)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "audit-figures.txt").write_text(table + "\n")
