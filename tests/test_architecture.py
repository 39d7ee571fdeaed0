"""The import graph of the project's own code: no cycles, and apps depend only downwards.

Built from the source with ``ast``, so imports inside functions count too: a cycle hidden in
a function-local import is still a cycle. An app may import only the apps ``DEPENDS_ON`` lists
for it, and that table is itself acyclic (README, "How the code is laid out"). genesis_site
(settings, URLs, middleware, the page frame) imports no app: it reads what the apps add to the
site from their AppConfig (genesis_site/site_content.py). Tests are not part of the graph.
"""

import ast
import graphlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.test import SimpleTestCase

# Each app of this project and the apps it may import. A new app gets a line here.
DEPENDS_ON = {
    "genesis_site": set(),
    "outbox": {"genesis_site"},
    "editorial": {"genesis_site", "outbox"},
    # Search knows no content app: each registers its pages with it (search_documents.py).
    "search": {"genesis_site"},
    "glossary": {"genesis_site", "editorial"},
    "therapies": {"genesis_site", "outbox", "editorial", "search"},
    "centres": {"genesis_site", "editorial", "therapies", "search"},
    "pages": {"genesis_site", "editorial", "therapies", "search"},
    "aftercare": {"genesis_site", "therapies"},
    "enquiries": {"genesis_site", "outbox", "therapies", "centres", "editorial"},
}


def project_apps() -> dict[str, Path]:
    """Every installed app of this project: the flat apps beside manage.py."""
    base = Path(settings.BASE_DIR)
    return {
        config.name: Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).parent == base
    }


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module name ``module`` imports, wherever in the file the import is."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from .models import y
                package = module.split(".")
                package = package if is_package else package[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            # "from editorial import services" imports the module editorial.services.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def module_graph() -> dict[str, set[str]]:
    """``{module: {project modules it imports}}`` for every module of the project's apps."""
    root = Path(settings.BASE_DIR)
    files = {
        module_name(path, root): path
        for app_path in project_apps().values()
        for path in app_path.rglob("*.py")
    }
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        imported = imported_names(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in imported if name in files and name != module}
    return graph


def app_of(module: str, app_names) -> str:
    return max((app for app in app_names if module == app or module.startswith(f"{app}.")), key=len)


class ImportGraphTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules = module_graph()
        cls.apps = project_apps()

    def test_every_app_says_what_it_may_import(self):
        self.assertEqual(set(self.apps), set(DEPENDS_ON))

    def test_the_allowed_app_dependencies_have_no_cycle(self):
        graphlib.TopologicalSorter(DEPENDS_ON).prepare()  # raises CycleError

    def test_apps_import_only_the_apps_they_may(self):
        wrong = []
        for module, imported in sorted(self.modules.items()):
            app = app_of(module, self.apps)
            for target in sorted(imported):
                other = app_of(target, self.apps)
                if other != app and other not in DEPENDS_ON.get(app, set()):
                    wrong.append(f"{module} imports {target}")
        self.assertEqual(wrong, [], "imports against DEPENDS_ON")

    def test_no_module_imports_itself_through_others(self):
        try:
            graphlib.TopologicalSorter(self.modules).prepare()
        except graphlib.CycleError as error:
            self.fail(f"import cycle: {' -> '.join(error.args[1])}")
