"""Schemathesis hooks for puljeflow's fuzz run (test/fuzz/fuzz-run.ts starts the system and loads this module).

Every request gets the credentials its operation needs: the municipality's own API key for
/municipalities/{code}/..., a staff session with one of the roles the document names in `x-roles` for /staff/...,
and for a tenth of the requests a key of another municipality or none at all, so refusals are fuzzed too. The
oracle (an HTTP server in the runner) snapshots the database before and after each request; the check
`refused_request_changed_nothing` fails any refused request (4xx) after which the state differs.
"""

import hashlib
import json
import os
import re
import urllib.request
import uuid

import schemathesis

with open(os.environ["PULJEFLOW_FUZZ_CONFIG"], encoding="utf-8") as f:
    CONFIG = json.load(f)

ORACLE = CONFIG["oracle"]
KEYS = CONFIG["keys"]  # municipality code -> API key
TOKENS = CONFIG["tokens"]  # role -> session token
CODES = sorted(KEYS)
POOLS = CONFIG["pools"]
PROTECTED_USERS = set(CONFIG["protectedUsers"])


def oracle(path, payload):
    request = urllib.request.Request(
        ORACLE + path, data=json.dumps(payload).encode(), headers={"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def spread(value, choices):
    """The same choice for the same generated value, so a shrunk or replayed case sends the same request."""
    digest = int(hashlib.sha256(str(value).encode()).hexdigest(), 16)
    return choices[digest % len(choices)]


def steer(path_parameters):
    """Well-formed ids steered to what the system has (its municipalities, its pools) often enough to pass the
    guards; a value that is not well-formed is sent as generated."""
    params = dict(path_parameters or {})
    code = params.get("municipalityCode")
    if isinstance(code, str) and len(code) == 3 and code.isdigit():
        params["municipalityCode"] = spread(code, CODES * 3 + [code])
    pool = params.get("poolId")
    if isinstance(pool, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", pool):
        params["poolId"] = spread(pool, POOLS * 3 + [pool])
    # The fuzzer's own staff accounts stay usable: another account is changed instead.
    if params.get("username") in PROTECTED_USERS:
        params["username"] = "fuzz-target"
    return params


def credentials(case):
    """The credential the operation needs, and a wrong one for it: another municipality's key, or a staff session
    of a role the operation does not admit (None where there is no such role)."""
    operation = case.operation
    security = operation.definition.raw.get("security") or []
    schemes = {name for requirement in security for name in requirement}
    if "municipalKey" in schemes:
        code = (case.path_parameters or {}).get("municipalityCode")
        own = code if code in KEYS else CODES[0]
        return KEYS[own], KEYS[CODES[(CODES.index(own) + 1) % len(CODES)]]
    if "staffSession" in schemes:
        if operation.method.lower() == "delete" and operation.path == "/api/v1/staff/session":
            # Signing out ends the session it is sent with: a fresh one each time.
            return oracle("/fresh-session", {})["token"], None
        roles = operation.definition.raw.get("x-roles") or ["auditor"]
        others = [role for role in sorted(TOKENS) if role not in roles]
        return TOKENS[spread(case.id, list(roles))], (TOKENS[others[0]] if others else None)
    return None, None


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.path_parameters:
        case.path_parameters = steer(case.path_parameters)
    headers = dict(case.headers or {})
    right, wrong = credentials(case)
    if right is not None:
        # One request in ten is sent with the wrong credential or none (refused, so checked below).
        choice = spread(case.id + "auth", ["wrong", "none"] + ["right"] * 18)
        credential = {"right": right, "wrong": wrong, "none": None}[choice]
        if credential is None:
            headers.pop("Authorization", None)
        else:
            headers["Authorization"] = f"Bearer {credential}"
    request_id = str(uuid.uuid4())
    headers["X-Request-Id"] = request_id
    case.headers = headers
    oracle("/before", {"requestId": request_id})


@schemathesis.check
def refused_request_changed_nothing(ctx, response, case):
    """A refused request (4xx) changed nothing: the event store, the feeds and the tables the api writes are as
    they were before it (docs/fuzzing.md says what is compared)."""
    request_id = (case.headers or {}).get("X-Request-Id")
    if request_id is None:
        return None
    verdict = oracle(
        "/after",
        {"requestId": request_id, "status": response.status_code, "method": case.operation.method.upper(), "path": case.formatted_path},
    )
    if verdict.get("changed"):
        raise AssertionError(f"refused with {response.status_code}, but the state changed: {verdict['detail']}")
    return True
