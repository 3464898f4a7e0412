"""Tagged unions as named OpenAPI components.

Litestar writes a union of msgspec Structs inline as ``oneOf`` wherever it is used. The live
contract's unions (every frame, every event, a status change, an actor's report) are types the
dashboard names, so :class:`NamedUnions` lists each under ``components.schemas`` with the
discriminator of its tag, and every use refers to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, get_args

import msgspec
from litestar.openapi.spec import Discriminator, OpenAPIType, Reference, Schema
from litestar.params import KwargDefinition
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator


class NamedUnions(OpenAPISchemaPlugin):
    """Documents each of ``unions`` (name: union of tagged Structs) as one named component."""

    def __init__(self, unions: Mapping[str, Any]) -> None:
        self._unions = dict(unions)

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return self._name_of(field_definition.annotation) is not None

    def to_openapi_schema(  # type: ignore[override]  # Litestar's for_plugin takes a Reference
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema | Reference:
        union = field_definition.annotation
        name = self._name_of(union) or str(union)
        named = FieldDefinition.from_annotation(
            union, kwarg_definition=KwargDefinition(schema_component_key=name)
        )
        registry = schema_creator.schema_registry
        if registry.get_reference_for_field_definition(named) is None:  # its first use
            # Registered before its members are described, so one may refer back to it.
            schema = registry.get_schema_for_field_definition(named)
            schema.title = name
            schema.type = OpenAPIType.OBJECT
            members = get_args(union)
            schema.one_of = [
                schema_creator.for_field_definition(FieldDefinition.from_annotation(m))
                for m in members
            ]
            schema.discriminator = _discriminator(members)
        return registry.get_reference_for_field_definition(named) or Schema()

    def _name_of(self, annotation: Any) -> str | None:
        return next((n for n, u in self._unions.items() if annotation == u), None)


def _discriminator(members: tuple[Any, ...]) -> Discriminator:
    """Return the discriminator of ``members``: their common tag field, each tag to its
    component (named after its class, as Litestar names a Struct whose name is unique; the
    contract test checks that every reference resolves)."""
    tags: dict[str, str] = {}
    fields: set[str] = set()
    for member in members:
        info = msgspec.inspect.type_info(member)
        if not isinstance(info, msgspec.inspect.StructType) or info.tag_field is None:
            raise TypeError(f"{member!r} is not a tagged Struct")
        fields.add(info.tag_field)
        tags[str(info.tag)] = f"#/components/schemas/{member.__name__}"
    if len(fields) != 1:
        raise TypeError(f"the members are tagged by different fields: {sorted(fields)}")
    return Discriminator(property_name=fields.pop(), mapping=tags)
