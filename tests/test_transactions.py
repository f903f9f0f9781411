"""Every import and multi-step write runs in one transaction (issue 9: reliability).

A static check over the write modules (`querschnitt/*/services*.py`, the importers): every public function — and
every public method of a class there — that performs more than one write must be decorated with
`@transaction.atomic`, or have all its writes inside `with transaction.atomic():`. A half-finished write (a
meeting without its agenda, an import with half its rows) must never be left behind by an error in the middle.

What counts as a write: calls of the ORM's writing methods (`.save(`, `.create(`, `.bulk_create(`, `.delete(`,
`.update(`, `.get_or_create(`, `.update_or_create(`, `.bulk_update(`, and the related managers' `.set(`, `.add(`,
`.remove(`, `.clear(`), and calls of a function or method of the same module that writes. A write inside a loop
counts as many writes. Receivers that are plainly not the ORM (a local dict, set or list; `self`'s counters) are
ignored. A function that writes only once needs no transaction of its own: the database makes one statement atomic.

Calls are followed into the functions of all checked modules (same module, `from .services import x`,
`from . import services`). What the check cannot see: writes inside model methods and signal handlers (the
historical row django-simple-history adds to a save) and in modules outside the list. Justified exceptions go
into ALLOWED below, each with its reason; a stale entry fails the second test.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "querschnitt"

WRITE_METHODS = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "delete",
    "update",
    "get_or_create",
    "update_or_create",
    "set",
    "add",
    "remove",
    "clear",
}
# Methods that only write when the receiver is a model, a queryset or a related manager, and that Python's own
# containers share: on a plain local name bound to a container they are not writes.
CONTAINER_METHODS = {"update", "add", "set", "remove", "clear"}
CONTAINER_FACTORIES = {"dict", "set", "list", "defaultdict", "Counter", "OrderedDict", "frozenset"}
# Receivers that are never the ORM: loggers, the cache, in-memory run logs and counters, session/messages storage.
NOT_ORM_RECEIVERS = {"log", "logger", "cache", "messages", "session", "counters", "problems", "seen", "kept", "os"}

# "module path: function" -> why it may write more than once without one transaction. Keep this list short.
ALLOWED: dict[str, str] = {
    "querschnitt/oparl/services.py: oparl_import_run": (
        "A long-running import over another system's API (minutes, many HTTP requests). The run record is committed "
        "first and on its own, so that a second start sees the run that is going on and so that a crash still "
        "leaves the run with its log; every imported object is then written in its own savepoint (`_Import.guard`), "
        "one that does not fit is skipped and the run ends 'partial'; the run's end and the source's time of the "
        "last complete walk are written together in one transaction. One transaction around the whole run would "
        "hold locks for minutes and lose the log of a failed run."
    ),
    # File storage, not the database: `default_storage.save`/`.delete` of a kept upload. A database transaction
    # would not make them atomic, and each step writes or removes one whole file.
    "querschnitt/reporting/services_statistics.py: pending_store": "Writes one uploaded file to the file storage.",
    "querschnitt/reporting/services_statistics.py: pending_sweep": "Removes expired kept uploads from the storage.",
}


def write_modules() -> list[Path]:
    modules = sorted(PACKAGE.glob("*/services*.py"))
    modules += sorted(PACKAGE.glob("*/imports.py"))
    modules += [PACKAGE / "reporting" / "statistics_import.py", PACKAGE / "oparl" / "importer.py"]
    return [module for module in dict.fromkeys(modules) if module.exists()]


def _is_atomic(node: ast.expr) -> bool:
    """`transaction.atomic`, `atomic`, or either called (`transaction.atomic(using=...)`)."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr == "atomic"
    return isinstance(node, ast.Name) and node.id == "atomic"


def _receiver_name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


@dataclass
class Write:
    line: int
    what: str  # ".save(" for a write; the key of the called function for a call
    atomic: bool
    in_loop: bool


@dataclass
class Function:
    key: str  # "querschnitt/app/services.py: Class.method"
    node: ast.FunctionDef | ast.AsyncFunctionDef
    decorated_atomic: bool
    writes: list[Write] = field(default_factory=list)
    calls: list[Write] = field(default_factory=list)  # calls of functions of the checked modules


def module_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def _imports(tree: ast.Module, path: Path) -> tuple[dict[str, tuple[Path, str]], dict[str, Path]]:
    """Names imported from other modules (name -> (file, function)) and modules imported whole (alias -> file)."""
    names: dict[str, tuple[Path, str]] = {}
    modules: dict[str, Path] = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            package = base.joinpath(*node.module.split(".")) if node.module else base
        elif node.module and node.module.startswith("querschnitt"):
            package = ROOT.joinpath(*node.module.split("."))
        else:
            continue
        for alias in node.names:
            local = alias.asname or alias.name
            if package.joinpath(alias.name + ".py").exists():
                modules[local] = package / (alias.name + ".py")
            else:
                names[local] = (package.with_suffix(".py"), alias.name)
    return names, modules


class _Scanner(ast.NodeVisitor):
    """Collects the write calls of one function body, with whether each sits in `with atomic()` or in a loop."""

    def __init__(self, function: Function, resolve: Callable[[ast.expr], str | None]) -> None:
        self.function = function
        self.resolve = resolve
        self.atomic_depth = 0
        self.loop_depth = 0
        self.containers: set[str] = set()

    # Nested functions and classes are separate units (a callback passed to on_commit runs after the commit).
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node is self.function.node:
            self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return None

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        func = value.func if isinstance(value, ast.Call) else None
        is_container = (
            isinstance(value, ast.Dict | ast.Set | ast.List | ast.DictComp | ast.SetComp | ast.ListComp)
            or (isinstance(func, ast.Name) and func.id in CONTAINER_FACTORIES)
            # hashlib.sha512() and the like: `.update(` feeds a checksum
            or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "hashlib")
        )
        if is_container:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.containers.add(target.id)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, ast.Name):
            self.visit_Assign(ast.Assign(targets=[node.target], value=node.value))
        else:
            self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        atomic = any(_is_atomic(item.context_expr) for item in node.items)
        self.atomic_depth += atomic
        self.generic_visit(node)
        self.atomic_depth -= atomic

    def _loop(self, node: ast.AST) -> None:
        self.loop_depth += 1
        self.generic_visit(node)
        self.loop_depth -= 1

    visit_For = visit_While = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _loop  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        func = node.func
        atomic = self.atomic_depth > 0
        in_loop = self.loop_depth > 0
        target = self.resolve(func)
        if target is not None:
            self.function.calls.append(Write(node.lineno, target, atomic, in_loop))
            return
        if not isinstance(func, ast.Attribute) or func.attr not in WRITE_METHODS:
            return
        receiver = func.value
        name = _receiver_name(receiver)
        if name in NOT_ORM_RECEIVERS or (func.attr in CONTAINER_METHODS and name in self.containers):
            return
        if isinstance(receiver, ast.Attribute) and receiver.attr in NOT_ORM_RECEIVERS:
            return  # self.log.add(...), request.session.clear()
        self.function.writes.append(Write(node.lineno, f".{func.attr}(", atomic, in_loop))


def _definitions(path: Path, tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    """(qualified name, node, class name or "") of every function and method of a module."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node, ""
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item, node.name


@dataclass
class _Resolver:
    """Turns the callee of a call into the key of a function of the checked modules, or None."""

    here: str
    class_name: str
    names: dict[str, tuple[Path, str]]
    modules: dict[str, Path]
    defined: set[str]

    def __call__(self, func: ast.expr) -> str | None:
        if isinstance(func, ast.Name):
            candidates = [f"{self.here}: {func.id}"]
            if func.id in self.names:
                file, name = self.names[func.id]
                candidates.append(f"{module_id(file)}: {name}")
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = func.value.id
            candidates = []
            if owner == "self" and self.class_name:
                candidates.append(f"{self.here}: {self.class_name}.{func.attr}")
            if owner in self.modules:
                candidates.append(f"{module_id(self.modules[owner])}: {func.attr}")
        else:
            return None
        return next((key for key in candidates if key in self.defined), None)


def scan(paths: list[Path]) -> dict[str, Function]:
    """Every function and method of the given modules, by key, with its writes and its calls among them."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    defined = {f"{module_id(path)}: {name}" for path, tree in trees.items() for name, _, _ in _definitions(path, tree)}
    functions: dict[str, Function] = {}
    for path, tree in trees.items():
        names, modules = _imports(tree, path)
        for qualname, node, class_name in _definitions(path, tree):
            decorated = any(_is_atomic(decorator) for decorator in node.decorator_list)
            function = Function(f"{module_id(path)}: {qualname}", node, decorated)
            resolve = _Resolver(module_id(path), class_name, names, modules, defined)
            _Scanner(function, resolve).visit(node)
            functions[function.key] = function
    return functions


def write_count(functions: dict[str, Function], key: str, seen: frozenset[str] = frozenset()) -> int:
    """How many writes a call of this function may perform (2 stands for "more than one")."""
    function = functions[key]
    total = sum(2 if write.in_loop else 1 for write in function.writes)
    for call in function.calls:
        if call.what in seen or call.what == key:
            continue
        inner = write_count(functions, call.what, seen | {key})
        if inner:
            total += 2 if call.in_loop else inner
    return min(total, 2)


def unprotected(functions: dict[str, Function], key: str, seen: frozenset[str] = frozenset()) -> list[Write]:
    """The writes (and writing calls) of a function that run outside any transaction."""
    function = functions[key]
    if function.decorated_atomic:
        return []
    exposed = [write for write in function.writes if not write.atomic]
    writing_calls = [
        call
        for call in function.calls
        if call.what not in seen | {key} and write_count(functions, call.what, seen | {key})
    ]
    alone = len(function.writes) + len(writing_calls) == 1
    for call in writing_calls:
        # An atomic callee protects itself, but neither a loop of calls nor the other writes around it.
        if call.atomic:
            continue
        if not (alone and not call.in_loop and not unprotected(functions, call.what, seen | {key})):
            exposed.append(call)
    return exposed


@functools.cache
def project_functions() -> dict[str, Function]:
    return scan(write_modules())


def findings() -> list[str]:
    functions = project_functions()
    problems = []
    for key in functions:
        qualname = key.split(": ", 1)[1]
        if any(part.startswith("_") for part in qualname.split(".")):
            continue  # private helpers are checked through the public functions that call them
        if write_count(functions, key) < 2:
            continue
        exposed = unprotected(functions, key)
        if exposed and key not in ALLOWED:
            lines = ", ".join(f"{write.what} line {write.line}" for write in exposed)
            problems.append(f"{key} writes outside a transaction ({lines})")
    return problems


def test_every_multi_step_write_runs_in_one_transaction():
    assert findings() == []


def test_the_allow_list_names_only_functions_that_exist_and_need_it():
    functions = project_functions()
    stale = []
    for key in ALLOWED:
        if key not in functions or not unprotected(functions, key):
            stale.append(key)
    assert stale == []


def test_the_check_sees_an_unprotected_multi_step_write(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "from django.db import transaction\n"
        "def thing_create(*, actor, body):\n"
        "    thing = Thing.objects.create(body=body)\n"
        "    thing.tags.set([1])\n"
        "    seen = set()\n"
        "    seen.add(thing)\n"
        "@transaction.atomic\n"
        "def thing_copy(*, actor, thing):\n"
        "    thing_create(actor=actor, body=thing.body)\n"
        "    thing.save()\n"
        "def thing_touch(*, actor, thing):\n"
        "    thing.save()\n"
        "def things_touch(*, actor, things):\n"
        "    for thing in things:\n"
        "        thing_touch(actor=actor, thing=thing)\n"
        "def thing_move(*, actor, thing):\n"
        "    with transaction.atomic():\n"
        "        thing.save()\n"
        "        Other.objects.filter(thing=thing).delete()\n"
        "    send_mail()\n"
    )
    functions = scan([module])
    prefix = f"{module_id(module)}: "

    def check(name: str) -> list[Write]:
        return unprotected(functions, prefix + name)

    assert [write.line for write in check("thing_create")] == [3, 4]  # seen.add() on a local set is no write
    assert check("thing_copy") == []
    assert write_count(functions, prefix + "thing_touch") == 1
    assert [write.what for write in check("things_touch")] == [prefix + "thing_touch"]  # a loop of single writes
    assert write_count(functions, prefix + "thing_move") == 2 and check("thing_move") == []
