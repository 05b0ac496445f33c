"""An orchestration service (docs/decisions.md) against `flowsim serve`'s live sessions.

The service receives Genesys Cloud's DTMF webhook,
reads the queue's figures, decides where the call goes (`route_to_queue` when enough agents are
available, else `route_to_vm`) and writes the decision into the running flow with
`POST /api/v2/flows/variables`, retrying with exponential backoff and jitter on 409 (the instance
is mid-transition) and 429 (rate limited). This is that service's state machine and backoff,
as such a service is commonly written, with its HTTP on urllib3 (the SDK's own HTTP layer) and automatic
retries off, so that the service itself meets every 409 and 429.

The "cloud" is flowsim: each call is a live session of `fixtures/live/flows` (a caller who
presses a digit, holds while the service decides, and is routed by `Flow.finalRoutingDecision`).
Calls run concurrently on one client token, against a server started with `--rate-limit`, so
the service sees 429s; every session answers 409 to the first update after an input (the
cloud's transition window), so it sees 409s. It must back off and finish every conversation
with the right routing. Run by tests/sdk/run.sh; ends with `orchestrator: ...` and exits 1 on any
failure.
"""

import base64
import json
import logging
import os
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import Any, Dict, Optional

import urllib3

URL = os.environ.get("FLOWSIM_LIVE_URL", "http://127.0.0.1:8081")
CLIENT_ID = os.environ.get("FLOWSIM_CLIENT_ID", "flowsim-sdk-test")
CLIENT_SECRET = os.environ.get("FLOWSIM_CLIENT_SECRET", "not-a-secret")
QUEUE_ID = "q-support"

logging.basicConfig(level=logging.WARNING, format="%(threadName)s %(levelname)s %(message)s")
logger = logging.getLogger("orchestrator")


class ApiException(Exception):
    """An HTTP error, as the SDK's `ApiException` carries it."""

    def __init__(self, status: int, body: str, retry_after: Optional[float]):
        super().__init__(f"{status}: {body[:200]}")
        self.status = status
        self.body = body
        self.retry_after = retry_after


class Http:
    """One OAuth client: a token from client credentials, JSON in and out, no automatic retry."""

    def __init__(self, url: str, client_id: str, client_secret: str):
        self.url = url
        self.pool = urllib3.PoolManager(retries=False, maxsize=8, timeout=urllib3.Timeout(total=30))
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        answer = self.pool.request(
            "POST", url + "/oauth/token", body="grant_type=client_credentials",
            headers={"Authorization": "Basic " + basic,
                     "Content-Type": "application/x-www-form-urlencoded"})
        if answer.status != 200:
            raise RuntimeError(f"no token: {answer.status} {answer.data[:200]!r}")
        self.token = json.loads(answer.data)["access_token"]

    def call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body)
        answer = self.pool.request(method, self.url + path, body=data, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with self.lock:
            self.statuses[answer.status] += 1
        if answer.status >= 400:
            retry = answer.headers.get("Retry-After")
            raise ApiException(answer.status, answer.data.decode("utf-8", "replace"),
                               float(retry) if retry else None)
        return json.loads(answer.data) if answer.data else None


def with_backoff(call, max_retries: int = 8, base_delay: float = 0.05):
    """The service's retry: exponential backoff with jitter on 409 and 429 (a 429's Retry-After is
    honoured when it is longer), any other error raised at once."""
    attempt = 0
    while True:
        try:
            return call()
        except ApiException as e:
            if e.status not in (409, 429):
                logger.error(f"Unexpected API error {e.status}: {e.body[:200]}")
                raise
            attempt += 1
            if attempt >= max_retries:
                logger.error(f"Max retries reached. Status: {e.status}")
                raise RuntimeError(f"failed after {max_retries} attempts (last {e.status})")
            delay = base_delay * (2 ** (attempt - 1)) + random.uniform(0, base_delay / 2)
            if e.retry_after:
                delay = max(delay, e.retry_after)
            logger.info(f"Conflict/Rate limit {e.status}. Retrying in {delay:.2f}s")
            time.sleep(delay)


# Step 1 of the service: the webhook DTMF parser and the state machine.
class FlowState(Enum):
    IDLE = "IDLE"
    WAITING_DTMF = "WAITING_DTMF"
    CHECKING_QUEUE = "CHECKING_QUEUE"
    ROUTING = "ROUTING"
    COMPLETE = "COMPLETE"


class IVRStateMachine:
    VALID_TRANSITIONS: Dict[str, list] = {
        FlowState.IDLE.value: [FlowState.WAITING_DTMF.value],
        FlowState.WAITING_DTMF.value: [FlowState.CHECKING_QUEUE.value],
        FlowState.CHECKING_QUEUE.value: [FlowState.ROUTING.value, FlowState.IDLE.value],
        FlowState.ROUTING.value: [FlowState.COMPLETE.value],
        FlowState.COMPLETE.value: [],
    }

    def __init__(self, flow_instance_id: str, queue_id: str, threshold: int = 5):
        self.flow_instance_id = flow_instance_id
        self.queue_id = queue_id
        self.occupancy_threshold = threshold
        self.current_state = FlowState.IDLE
        self.context: Dict[str, Any] = {}

    def parse_dtmf_webhook(self, payload: Dict[str, Any]) -> Optional[str]:
        for participant in payload.get("participants", []):
            dtmf = participant.get("input", {}).get("dtmf")
            if dtmf:
                return dtmf
        return None

    def transition(self, next_state: FlowState, event_data: Optional[Dict] = None) -> bool:
        allowed = self.VALID_TRANSITIONS.get(self.current_state.value, [])
        if next_state.value not in allowed:
            logger.error(f"Invalid transition: {self.current_state.value} -> {next_state.value}")
            return False
        self.current_state = next_state
        if event_data:
            self.context.update(event_data)
        return True


# Step 2: queue figures (the real API's observation query; a realtime query does
# not exist in the cloud).
def check_queue_occupancy(http: Http, queue_id: str) -> int:
    body = {"filter": {"type": "or", "predicates": [{"dimension": "queueId", "value": queue_id}]},
            "metrics": ["oOnQueueUsers", "oInteracting"]}
    answer = with_backoff(lambda: http.call(
        "POST", "/api/v2/analytics/queues/observations/query", body))
    counts = {d["metric"]: d["stats"]["count"] for d in answer["results"][0]["data"]}
    return max(counts.get("oOnQueueUsers", 0) - counts.get("oInteracting", 0), 0)


# Step 3: the flow variable update with backoff.
def update_flow_variables_with_retry(http: Http, flow_instance_id: str,
                                     variables: Dict[str, Any]) -> bool:
    with_backoff(lambda: http.call("POST", "/api/v2/flows/variables",
                                   {"flowInstanceId": flow_instance_id, "variables": variables}))
    return True


# The service's webhook handler, without Flask: (HTTP status, JSON body).
def handle_genesys_webhook(http: Http, payload: Dict[str, Any], threshold: int, log: list):
    flow_instance_id = payload.get("flowInstanceId")
    if not flow_instance_id:
        return 400, {"error": "Missing flowInstanceId"}
    sm = IVRStateMachine(flow_instance_id, QUEUE_ID, threshold)
    dtmf_input = sm.parse_dtmf_webhook(payload)
    if not dtmf_input:
        return 200, {"status": "skipped", "reason": "no_dtmf"}
    sm.transition(FlowState.WAITING_DTMF, {"dtmf": dtmf_input})
    available_agents = check_queue_occupancy(http, QUEUE_ID)
    sm.transition(FlowState.CHECKING_QUEUE, {"available_agents": available_agents})
    routing_decision = "route_to_queue" if available_agents >= threshold else "route_to_vm"
    sm.transition(FlowState.ROUTING, {"routing_decision": routing_decision})
    update_flow_variables_with_retry(
        http, flow_instance_id,
        {"finalRoutingDecision": routing_decision, "queueOccupancyCheck": "passed"})
    sm.transition(FlowState.COMPLETE)
    log.append({"flowInstanceId": flow_instance_id, "dtmf": dtmf_input,
                "queue_occupancy": available_agents, "routing_decision": routing_decision,
                "state": sm.current_state.value})
    return 200, {"status": "processed", "routing": routing_decision}


def place_call(http: Http, dtmf: Optional[str], threshold: int, log: list) -> Dict[str, Any]:
    """One caller: the call starts, the caller presses `dtmf` (or nothing), Genesys delivers it
    to the flow and to the service's webhook, the caller holds until the flow moves on."""
    session = with_backoff(lambda: http.call(
        "POST", "/api/v2/flowsim/sessions",
        {"flowName": "Orchestrated_Routing", "context": {"from": "+15550100"}}))
    instance = session["flowInstanceId"]
    participants = [{"input": {"dtmf": dtmf}}] if dtmf else [{"input": {}}]
    payload = {"flowInstanceId": instance, "participants": participants}
    if dtmf:
        with_backoff(lambda: http.call("POST", "/api/v2/flowsim/webhooks/dtmf", payload))
    else:
        with_backoff(lambda: http.call(
            "POST", f"/api/v2/flowsim/sessions/{instance}/input", {"input": "timeout"}))
    status, answer = handle_genesys_webhook(http, payload, threshold, log)
    state = with_backoff(lambda: http.call("GET", f"/api/v2/flowsim/sessions/{instance}"))
    while state["state"] == "waiting":
        state = with_backoff(lambda: http.call(
            "POST", f"/api/v2/flowsim/sessions/{instance}/input", {"input": "timeout"}))
    return {"dtmf": dtmf, "threshold": threshold, "webhook": (status, answer), "final": state}


def main() -> int:
    http = Http(URL, CLIENT_ID, CLIENT_SECRET)
    random.seed(2)
    # Six available agents in fixtures/live/data: threshold 5 routes to the queue, 7 to voicemail.
    calls = [("1", 5), ("1", 7), ("2", 5), ("3", 7), (None, 5), ("1", 5),
             ("2", 7), ("1", 7), ("9", 5), (None, 7), ("1", 5), ("4", 7)]
    log: list = []
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="call") as pool:
        results = list(pool.map(lambda c: place_call(http, c[0], c[1], log), calls))
    failures = []
    for r in results:
        route = (r["final"]["result"].get("route") or {}).get("queueName")
        if r["dtmf"] is None:
            want_route, want_decision = None, "undecided"
        elif r["threshold"] <= 6:
            want_route, want_decision = "Support", "route_to_queue"
        else:
            want_route, want_decision = "Voicemail", "route_to_vm"
        decision = r["final"]["result"]["variables"].get("Flow.finalRoutingDecision")
        ended = r["final"]["state"] == "ended"
        if (route, decision, ended) != (want_route, want_decision, True):
            failures.append(f"call {r['dtmf']!r} threshold {r['threshold']}: route {route!r}, "
                            f"decision {decision!r}, state {r['final']['state']!r}; "
                            f"wanted {want_route!r}, {want_decision!r}, ended")
    seen = http.statuses
    if seen[409] == 0:
        failures.append("the service never met a 409 (the transition window)")
    if seen[429] == 0:
        failures.append("the service never met a 429 (the rate limit)")
    if len(log) != sum(1 for c in calls if c[0]):
        failures.append(f"{len(log)} decisions logged for {sum(1 for c in calls if c[0])} digits")
    for f in failures:
        print("FAIL:", f)
    print(f"orchestrator: {len(results)} conversations, {len(results) - len(failures)} routed right; "
          f"the service met 409 ×{seen[409]} and 429 ×{seen[429]} and backed off")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
