"""Print the shape of the code: imports between apps, lines of code per app, longest modules.

Run with `make structure`. Every import counts, inline ones too (marked), since an import
inside a function is still a dependency; imports made by views (the interface, which may
read any app's selectors) are counted apart. Migrations are left out: they are history.
"""

import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "flames"
APPS = (
    "people",
    "episodes",
    "support",
    "transcripts",
    "search",
    "publishing",
    "ingest",
    "export",
)
# Project modules that wire the apps together (the top layer); the rest of flames is the core.
WIRING = (
    "flames.__main__",
    "flames.apps",
    "flames.cli",
    "flames.context_processors",
    "flames.demo",
    "flames.management",
    "flames.urls",
    "flames.wsgi",
)


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def owner(dotted):
    """The app a dotted module name belongs to, or "core" / "wiring" for the project's own."""
    parts = dotted.split(".")
    if parts[0] != "flames":
        return None
    if len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    if any(dotted == name or dotted.startswith(name + ".") for name in WIRING):
        return "wiring"
    return "core"


def module_name(path):
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path):
    """(imported module, inline?) for every import of a flames module in the file."""
    tree = ast.parse(path.read_text(), str(path))
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    top_level = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("flames"):
                yield name, id(node) not in top_level


def main():
    edges = defaultdict(Counter)
    inline = defaultdict(Counter)
    by_views = defaultdict(Counter)
    lines = Counter()
    longest = []
    for path in modules():
        source = owner(module_name(path))
        is_view = path.stem == "views"
        count = len(path.read_text().splitlines())
        lines[source] += count
        longest.append((count, str(path.relative_to(ROOT.parent))))
        for name, is_inline in imports(path):
            target = owner(name)
            if target and target != source:
                edges[source][target] += 1
                by_views[source][target] += is_view
                if is_inline:
                    inline[source][target] += 1

    print("## Imports between apps (importer -> imported: imports, of which inline, by views)\n")
    for source in sorted(edges):
        for target, count in sorted(edges[source].items()):
            print(
                f"{source:>12} -> {target:<12} {count:>3}"
                f"  ({inline[source][target]} inline, {by_views[source][target]} by views)"
            )

    beneath_views = {
        source: {t for t, n in targets.items() if n > by_views[source][t]}
        for source, targets in edges.items()
    }
    cycles = [
        (a, b)
        for a in beneath_views
        for b in beneath_views[a]
        if a < b and a in beneath_views.get(b, ())
    ]
    print("\n## Two-way dependencies (views left out)\n")
    for a, b in cycles or [("none", "")]:
        print(f"{a} <-> {b}" if b else a)

    print("\n## Lines of code per app (migrations excluded)\n")
    for app, count in lines.most_common():
        print(f"{app:>12} {count:>6}")
    print(f"{'total':>12} {sum(lines.values()):>6}")

    print("\n## Longest modules\n")
    for count, name in sorted(longest, reverse=True)[:5]:
        print(f"{count:>6}  {name}")


if __name__ == "__main__":
    sys.exit(main())
