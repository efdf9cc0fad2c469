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


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    """Steers well-formed ids to what the system has (seeded municipalities and pools), often enough to pass the
    guards; a value that is not well-formed is left as generated."""
    if not path_parameters:
        return path_parameters
    params = dict(path_parameters)
    code = params.get("municipalityCode")
    if isinstance(code, str) and len(code) == 3 and code.isdigit():
        params["municipalityCode"] = spread(code, CODES + [code])
    pool = params.get("poolId")
    if isinstance(pool, str) and pool and pool.isascii() and pool.replace("-", "").isalnum():
        params["poolId"] = spread(pool, POOLS + [pool])
    # The fuzzer's own staff accounts stay usable: another account is changed instead.
    if params.get("username") in PROTECTED_USERS:
        params["username"] = "fuzz-target"
    return params


def credential_for(case):
    operation = case.operation
    security = operation.definition.raw.get("security") or []
    schemes = {name for requirement in security for name in requirement}
    path = operation.path
    if "municipalKey" in schemes:
        code = (case.path_parameters or {}).get("municipalityCode")
        return KEYS.get(code) or KEYS[CODES[0]]
    if "staffSession" in schemes:
        if operation.method.lower() == "delete" and path == "/api/v1/staff/session":
            # Signing out ends the session it is sent with: a fresh one each time.
            return oracle("/fresh-session", {})["token"]
        roles = operation.definition.raw.get("x-roles") or ["auditor"]
        return TOKENS[spread(case.id, list(roles))]
    return None


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = dict(case.headers or {})
    credential = credential_for(case)
    if credential is not None:
        # A tenth of the requests: another municipality's key or no credentials at all (refused, so checked below).
        wrong = spread(case.id + "auth", ["other", "none"] + ["right"] * 18)
        if wrong == "other":
            credential = KEYS[CODES[(CODES.index((case.path_parameters or {}).get("municipalityCode", CODES[0])) + 1) % len(CODES)]] if (case.path_parameters or {}).get("municipalityCode") in KEYS else TOKENS["auditor"]
        if wrong != "none":
            headers["Authorization"] = f"Bearer {credential}"
        else:
            headers.pop("Authorization", None)
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
