"""`/docs`: Swagger UI served from this server (the assets of the installed `swagger-ui-bundle` package,
started by our own script: no CDN, no inline script). The bundled Swagger UI 4 reads OpenAPI 3.0, so it
is given `/openapi-3.0.json`, the app's OpenAPI 3.1 schema (`/openapi.json`) written the 3.0 way."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from planwatch.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui(request: Request) -> Response:
    return render(request, "swagger.html", {})


@router.get("/openapi-3.0.json")
def openapi_30(request: Request) -> Response:
    return JSONResponse(downgrade(request.app.openapi()))


def downgrade(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.1 document as 3.0.3: `anyOf [X, null]` and `type: [t, "null"]` become `nullable`,
    `examples` lists an `example`, `const` a one-value `enum`, numeric exclusive bounds boolean ones."""
    out = _schema(schema)
    out["openapi"] = "3.0.3"
    return out


def _schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _schema(v) for k, v in node.items()}
    for combiner in ("anyOf", "oneOf"):
        options = node.get(combiner)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del node[combiner]
            node["nullable"] = True
            if len(rest) == 1:
                only = rest[0]
                node.update({"allOf": [only]} if "$ref" in only else only)
            elif rest:
                node[combiner] = rest
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) < len(kind):
            node["nullable"] = True
        node["type"] = kinds[0] if len(kinds) == 1 else kinds
    if isinstance(node.get("examples"), list) and "example" not in node and "properties" not in node.get("examples", {}):
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    if "const" in node:
        node["enum"] = [node.pop("const")]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), (int, float)) and not isinstance(node.get(bound), bool):
            node[plain] = node[bound]
            node[bound] = True
    return node
