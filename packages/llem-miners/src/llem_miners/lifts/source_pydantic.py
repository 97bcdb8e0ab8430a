"""The pydantic lift of a model read off a source tree (``llem-miners mine ENGINE --source DIR``).

For a library that cannot be imported here, the model is rebuilt from its source: the class and
its bases in the tree (:mod:`.source_classes`), each annotated field with its annotation and
``Field(...)`` bounds (:mod:`.source_annotations`), and ``model_config``'s ``strict``. The rebuilt
model, named and placed as the library's, goes through the same :func:`lift_pydantic` as an
imported one, so a field read off the source gives the rule the installed library would. Field
lines are the source file's. What the tree cannot show is reported: a base whose source is not in
the tree (its fields and config are unknown), and every ``field_validator`` / ``model_validator``
(code, for the static miner).
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path
from typing import Any

import attrs
import pydantic

from llem.records import MineTarget
from llem_miners.candidate import Unmined, Where
from llem_miners.lifts.model import ModelLift
from llem_miners.lifts.pydantic_lift import lift_pydantic
from llem_miners.lifts.source_annotations import Annotations, module_imports
from llem_miners.lifts.source_classes import ClassChain, class_chain
from llem_miners.static.source import split_import_string
from llem_miners.static.source_tree import literal_constants

MINER = "lifts"
VALIDATORS = frozenset({"field_validator", "model_validator", "validator", "root_validator"})
CODE_CHECK = "a check written as code: point the static miner at it (MineTarget.code)"
NOT_PYDANTIC = "not a pydantic model: no base in the source tree derives from pydantic.BaseModel"
FieldDefinition = tuple[Any, Any, Where]


def read_source_model(
    root: Path, import_string: str, target: MineTarget
) -> tuple[ModelLift | None, list[Unmined]]:
    """The lift of the model ``import_string`` names, read under ``root``, and what it could not
    read; ``(None, [why])`` when it is not a pydantic model."""
    module, qualname = split_import_string(import_string)
    chain = class_chain(root, module, qualname)
    where = Where(chain.classes[0].file, qualname, chain.classes[0].node.lineno)
    if not _is_pydantic(chain):
        return None, [Unmined(where, import_string, NOT_PYDANTIC, MINER)]
    fields = _fields(chain)
    try:
        model = _rebuilt(qualname, fields, _strict(chain))
    except Exception as error:  # whatever pydantic refuses in a rebuilt class is reported
        reason = f"pydantic cannot rebuild it from its source: {type(error).__name__}: {error}"
        return None, [Unmined(where, import_string, reason, MINER)]
    model.__module__, model.__qualname__ = module, qualname
    places = {name: place for name, (_, _, place) in fields.items()}
    lifted = attrs.evolve(lift_pydantic(model), checks=(), places=places)
    return lifted, [*_opaque_bases(chain, where), *_validators(chain, target)]


def _rebuilt(qualname: str, fields: dict[str, FieldDefinition], strict: bool) -> type:
    """The model as pydantic builds it from the fields read (its warnings about field names
    that shadow ``BaseModel`` attributes are the library's business, not the miner's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model: type = pydantic.create_model(  # type: ignore[call-overload]
            qualname.rpartition(".")[2],
            __config__=pydantic.ConfigDict(arbitrary_types_allowed=True, strict=strict),
            **{name: (annotation, info) for name, (annotation, info, _) in fields.items()},
        )
    return model


def _is_pydantic(chain: ClassChain) -> bool:
    """A base is pydantic's ``BaseModel``, or not in the tree while the module imports pydantic
    (the library's own base class, kept elsewhere: reported as opaque)."""
    if any(base.module == "pydantic" and base.name == "BaseModel" for base in chain.opaque):
        return True
    imports_pydantic = any(
        module == "pydantic"
        for item in chain.classes
        for module, _ in module_imports(item.tree).values()
    )
    return imports_pydantic and bool(chain.opaque)


def _fields(chain: ClassChain) -> dict[str, FieldDefinition]:
    """Field name -> (annotation, FieldInfo, where), bases first so a subclass redefines."""
    fields: dict[str, FieldDefinition] = {}
    for item in reversed(chain.classes):
        annotations = Annotations(module_imports(item.tree), literal_constants(item.tree))
        for statement in item.node.body:
            name = _field_name(statement)
            if name is None or not isinstance(statement, ast.AnnAssign):
                continue
            info = annotations.field(statement.value) or pydantic.Field(default=None)
            place = Where(item.file, f"{item.node.name}.{name}", statement.lineno)
            fields[name] = (annotations.annotation(statement.annotation), info, place)
    return fields


def _field_name(statement: ast.stmt) -> str | None:
    """The field an annotated class-body statement declares (not private, not a ClassVar, not a
    private attribute)."""
    if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
        return None
    name = statement.target.id
    annotation = ast.unparse(statement.annotation)
    value = statement.value
    private = isinstance(value, ast.Call) and ast.unparse(value.func).endswith("PrivateAttr")
    if name.startswith("_") or name == "model_config" or private:
        return None
    if annotation.startswith(("ClassVar", "typing.ClassVar")):
        return None
    return name


def _strict(chain: ClassChain) -> bool:
    """``model_config = ConfigDict(strict=True)`` in the nearest class that sets it."""
    for item in chain.classes:
        for statement in item.node.body:
            strict = _config_strict(statement)
            if strict is not None:
                return strict
    return False


def _config_strict(statement: ast.stmt) -> bool | None:
    if not isinstance(statement, ast.Assign | ast.AnnAssign):
        return None
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    named = any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets)
    value = statement.value
    if not named or not isinstance(value, ast.Call):
        return None
    for keyword in value.keywords:
        if keyword.arg == "strict" and isinstance(keyword.value, ast.Constant):
            return bool(keyword.value.value)
    return False


def _opaque_bases(chain: ClassChain, where: Where) -> list[Unmined]:
    return [
        Unmined(
            where,
            f"base {base.name}" + (f" (from {base.module})" if base.module else ""),
            "its source is not in the tree: the fields and config it adds are unknown",
            MINER,
        )
        for base in chain.opaque
        if base.module != "pydantic"
    ]


def _validators(chain: ClassChain, target: MineTarget) -> list[Unmined]:
    """Each validator method of the chain that the target does not give the static miner."""
    mined = {code.partition(":")[2] for code in target.code}
    found: list[Unmined] = []
    for item in chain.classes:
        for node in item.node.body:
            if isinstance(node, ast.FunctionDef) and _is_validator(node):
                qualname = f"{item.node.name}.{node.name}"
                if qualname not in mined:
                    found.append(Unmined(Where(item.file, qualname, node.lineno), qualname,
                                         CODE_CHECK, MINER))  # fmt: skip
    return found


def _is_validator(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(call).rpartition(".")[2] in VALIDATORS:
            return True
    return False
