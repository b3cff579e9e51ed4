# Schemathesis hooks for the Quiver suite (loaded through `hooks` in schemathesis.toml beside this file).
#
# Why: Quiver serves the Milvus RESTful API v2, where every failure of the API itself is HTTP 200 with
# the envelope {"code": N, "message": ...}, N != 0 (docs/openapi.yaml states this in info.description).
# Schemathesis's built-in `negative_data_rejection` only looks at the HTTP status (it expects 4xx), so
# it would call every such envelope an acceptance of invalid data. schemathesis.toml disables the
# built-in and this file registers `milvus_negative_data_rejection` in its place.
#
# Invariant: the replacement is as strict as the built-in except in exactly two cases.
# 1. A negative (schema-violating) request answered with HTTP 200 whose JSON body is an object with
#    an integer `code` other than 0 counts as rejected: that is the API's rejection.
# 2. A coverage-phase case whose only negation is an extra, undeclared request header
#    (scenario "object with unexpected properties" in the header location) is not negative data: a
#    server must ignore header fields it does not know (RFC 9110, section 5.1). The built-in means to
#    exempt it too (has_only_additional_properties_in_non_body_parameters), but in 4.32.5 it
#    re-validates the other headers as sent, so `Request-Timeout: 1` (a string on the wire, an
#    integer in the spec) defeats the exemption and every such case is reported.
# Every other response, including HTTP 200 with code 0 (the server accepted the invalid data), a 200
# whose body is not such an envelope, and every non-200 status, goes to the built-in check unchanged,
# with its own exemptions and expected statuses.
#
# For the same reason the built-in `not_a_server_error` (5xx) cannot see an internal error: Quiver
# answers it with HTTP 200 and code 5 (internal error) or 65535 (unexpected error). The added check
# `milvus_not_an_internal_error` fails on those codes, whatever the request, as not_a_server_error
# fails on a 5xx; the built-in stays on too.

from __future__ import annotations

import json

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import negative_data_rejection as builtin_negative_data_rejection


def envelope_code(response) -> int | None:
    """The `code` of a Milvus envelope body, or None when the body is not one."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    code = body.get("code")
    if isinstance(code, bool) or not isinstance(code, int):
        return None
    return code


# APICode.internalError and APICode.unexpected in Sources/QuiverServer/API/APICode.swift.
INTERNAL_ERROR_CODES = (5, 65535)


def only_adds_a_header(meta) -> bool:
    """Whether a coverage case's one negation is an undeclared extra header (case 2 above)."""
    data = meta.phase.data
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES
        and data.parameter_location == ParameterLocation.HEADER
    )


@schemathesis.check
def milvus_negative_data_rejection(ctx, response, case):
    """Negative data must be rejected: a 4xx status, or HTTP 200 with a non-zero envelope code."""
    meta = case.meta
    if meta is not None and meta.generation.mode.is_negative:
        if response.status_code == 200 and envelope_code(response) not in (None, 0):
            return None
        if only_adds_a_header(meta):
            return None
    return builtin_negative_data_rejection(ctx, response, case)


@schemathesis.check
def milvus_not_an_internal_error(ctx, response, case):
    """No request, valid or not, may end in an internal error envelope (code 5 or 65535)."""
    code = envelope_code(response)
    if code in INTERNAL_ERROR_CODES:
        raise AssertionError(f"Internal error envelope (code {code}): {response.text[:300]}")
    return None
