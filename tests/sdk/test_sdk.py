"""The official Genesys Cloud Python SDK (PyPI `purecloudplatformclientv2`), unchanged, against
`flowsim serve`: only its host points at the emulator.

Run by tests/sdk/run.sh, which starts the server and sets FLOWSIM_URL, FLOWSIM_CLIENT_ID and
FLOWSIM_CLIENT_SECRET (the pair the server was started with). Plain unittest: the SDK is the
only package installed. Ends with a line `sdk: N passed, N failed`.
"""

import json
import os
import sys
import unittest
import urllib.request

import PureCloudPlatformClientV2 as gc
from PureCloudPlatformClientV2.rest import ApiException

URL = os.environ.get("FLOWSIM_URL", "http://127.0.0.1:8080")
CLIENT_ID = os.environ.get("FLOWSIM_CLIENT_ID", "flowsim-sdk-test")
CLIENT_SECRET = os.environ.get("FLOWSIM_CLIENT_SECRET", "not-a-secret")

SHARED_MODULE_ID = "5a1d3f2e-0001-4c3b-9a57-shared000001"


def client():
    """An authenticated SDK client, as the SDK's README sets one up."""
    gc.configuration.host = URL
    return gc.api_client.ApiClient(host=URL).get_client_credentials_token(CLIENT_ID, CLIENT_SECRET)


def architect():
    return gc.ArchitectApi(client())


def error_body(e):
    return json.loads(e.body)


def flowsim(method, path, body=None):
    """The emulator's test-only endpoints (fault injection, request log), outside the SDK."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


class Authentication(unittest.TestCase):
    def test_client_credentials_give_a_token(self):
        api_client = client()
        self.assertTrue(api_client.access_token)

    def test_a_wrong_secret_is_refused(self):
        with self.assertRaises(ApiException) as caught:
            gc.api_client.ApiClient(host=URL).get_client_credentials_token(CLIENT_ID, "wrong")
        self.assertEqual(caught.exception.status, 401)
        self.assertEqual(error_body(caught.exception)["error"], "invalid_client")

    def test_a_call_without_a_token_is_refused(self):
        api = gc.ArchitectApi(gc.api_client.ApiClient(host=URL))
        with self.assertRaises(ApiException) as caught:
            api.get_flows()
        self.assertEqual(caught.exception.status, 401)
        body = error_body(caught.exception)
        self.assertEqual(body["status"], 401)
        self.assertEqual(body["code"], "authentication.required")


class Flows(unittest.TestCase):
    def test_list_flows(self):
        listing = architect().get_flows(page_size=100)
        names = [f.name for f in listing.entities]
        self.assertEqual(names, sorted(names, key=str.lower))
        self.assertIn("Inbound_Flow_A", names)
        self.assertIn("Shared_Module_Language_Select", names)
        self.assertEqual(listing.total, 5)
        self.assertEqual(listing.page_count, 1)
        for flow in listing.entities:
            # The SDK writes "outdated_sdk_version" for a type outside its enum.
            self.assertEqual(flow.type, "INBOUNDCALL")
            self.assertTrue(flow.id)
            self.assertTrue(flow.self_uri.startswith("/api/v2/flows/"))

    def test_name_filter_and_paging(self):
        api = architect()
        only_a = api.get_flows(name="flow_a")
        self.assertEqual([f.name for f in only_a.entities], ["Inbound_Flow_A"])
        page = api.get_flows(page_size=2, page_number=3)
        self.assertEqual((page.page_number, page.page_size, page.page_count, page.total), (3, 2, 3, 5))
        self.assertEqual(len(page.entities), 1)
        self.assertIsNone(page.next_uri)
        self.assertEqual(api.get_flows(type=["INBOUNDCALL"]).total, 5)
        self.assertEqual(api.get_flows(type=["WORKFLOW"]).total, 0)

    def test_read_one_flow(self):
        flow = architect().get_flow("inbound-flow-a")
        self.assertEqual(flow.name, "Inbound_Flow_A")
        self.assertEqual(flow.type, "INBOUNDCALL")
        self.assertTrue(flow.active)
        self.assertEqual(flow.published_version.id, "1.0")
        self.assertEqual(flow.checked_in_version.id, "2.0")
        self.assertEqual(flow.division.name, "Home")

    def test_an_unknown_flow_is_404(self):
        with self.assertRaises(ApiException) as caught:
            architect().get_flow("no-such-flow")
        self.assertEqual(caught.exception.status, 404)
        body = error_body(caught.exception)
        self.assertEqual((body["status"], body["code"]), (404, "flow.not.found"))
        self.assertTrue(body["message"])


class Executions(unittest.TestCase):
    def test_launch_with_input_data_and_read_the_outcome(self):
        api = architect()
        request = gc.FlowExecutionLaunchRequest()
        request.flow_id = "inbound-flow-a"
        request.name = "sdk test run"
        request.input_data = {"Flow.customerId": "A-1001", "Flow.vip": True}
        launched = api.post_flows_executions(request)
        self.assertTrue(launched.id)
        self.assertEqual(launched.name, "sdk test run")
        self.assertEqual(launched.flow_version.id, "1.0")  # the published version by default

        execution = api.get_flows_execution(launched.id)
        self.assertEqual(execution.id, launched.id)
        self.assertEqual(execution.status, "COMPLETED")
        self.assertEqual(execution.completion_reason, "completed")
        self.assertEqual(execution.output_data["Flow.customerId"], "A-1001")
        self.assertIs(execution.output_data["Flow.vip"], True)
        self.assertIsNone(execution.flow_error_info)
        self.assertEqual(execution.date_launched.isoformat(), "2026-01-01T09:00:00+00:00")
        self.assertGreaterEqual(execution.date_completed, execution.date_launched)
        self.assertEqual(execution.flow_version.type, "PUBLISH")

    def test_a_failing_flow_reports_failed(self):
        api = architect()
        request = gc.FlowExecutionLaunchRequest()
        request.flow_id = SHARED_MODULE_ID
        request.flow_version = "2.0"  # the draft; no Gather input, so the module ends in error
        execution = api.get_flows_execution(api.post_flows_executions(request).id)
        self.assertEqual(execution.status, "FAILED")
        self.assertEqual(execution.flow_error_info.code, "flowFailed")
        self.assertTrue(execution.flow_error_info.message)
        self.assertEqual(execution.output_data, {})

    def test_an_unknown_execution_is_404(self):
        with self.assertRaises(ApiException) as caught:
            architect().get_flows_execution("e0000000-0000-4000-8000-ffffffffffff")
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(error_body(caught.exception)["code"], "not.found")


class ExecutionData(unittest.TestCase):
    """Flow execution data (issue 12): every run the emulator executes is a flow instance with
    the cloud's execution data document, found and downloaded through the real endpoints."""

    def launch(self):
        api = architect()
        request = gc.FlowExecutionLaunchRequest()
        request.flow_id = "queue-occupancy-routing"
        request.name = "execution data"
        launched = api.post_flows_executions(request)
        self.assertEqual(api.get_flows_execution(launched.id).status, "COMPLETED")
        return api, launched.id

    def query(self, api, key, value):
        item = gc.CriteriaItem()
        item.key = key
        item.operator = "eq"
        item.value = value
        group = gc.CriteriaGroup()
        group.pcAnd = [item]
        body = gc.CriteriaQuery()
        body.query = [group]
        return api.post_flows_instances_query(body, page_size=200)

    def flow_guid(self):
        """The emulator's id for the flow the file calls `queue-occupancy-routing`: a GUID, as
        the cloud gives every flow, stable per flow (docs/emulator.md)."""
        guid = architect().get_flow("queue-occupancy-routing").id
        self.assertRegex(guid, r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        return guid

    def test_query_finds_the_execution_as_a_flow_instance(self):
        api, execution = self.launch()
        listing = self.query(api, "FlowId", "queue-occupancy-routing")
        ids = [e.id for e in listing.entities]
        self.assertIn(execution, ids, "a workflow execution is its own flow instance")
        found = next(e for e in listing.entities if e.id == execution)
        self.assertEqual(found.flow_id, self.flow_guid())
        self.assertEqual(self.query(api, "FlowId", self.flow_guid()).total, listing.total)
        self.assertEqual(found.flow_name, "Queue_Occupancy_Routing")
        self.assertEqual(found.flow_type, "inboundcall")
        self.assertEqual(self.query(api, "FlowId", "no-such-flow").total, 0)

    def test_a_job_prepares_the_download_and_the_document_is_execution_data(self):
        api, execution = self.launch()
        request = gc.ExecutionDataRequest()
        request.ids = [execution]
        job = api.post_flows_instances_jobs(request)
        self.assertEqual(job.job_state, "Success")
        self.assertEqual(api.get_flows_instances_job(job.id).entities[0].id, execution)
        single = api.get_flows_instance(execution)
        self.assertFalse(single.entities[0].failed)
        uri = job.entities[0].download_uri
        self.assertTrue(uri.startswith(URL), uri)
        token = api.api_client.access_token
        fetch = urllib.request.Request(uri, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(fetch) as response:
            document = json.loads(response.read())
        flow = document["flow"]
        self.assertEqual(flow["executionId"], execution)
        self.assertEqual(flow["flowId"], self.flow_guid())
        kinds = [next(iter(e)) for e in flow["execution"]]
        self.assertEqual(kinds[0], "startedFlow")
        self.assertEqual(kinds[-1], "endedFlow")
        self.assertTrue(any(k.startswith("action") for k in kinds), kinds)

    def test_the_latest_configuration_is_the_flows_own(self):
        config = architect().get_flow_latestconfiguration("queue-occupancy-routing")
        self.assertEqual(config["id"], "queue-occupancy-routing")
        self.assertIn("draft", config)

    def test_queue_observations_come_from_the_queue_fixtures(self):
        predicate = gc.QueueObservationQueryPredicate()
        predicate.dimension = "queueId"
        predicate.value = "q-support"
        query_filter = gc.QueueObservationQueryFilter()
        query_filter.type = "or"
        query_filter.predicates = [predicate]
        body = gc.QueueObservationQuery()
        body.filter = query_filter
        body.metrics = ["oWaiting", "oOnQueueUsers", "oInteracting"]
        answer = gc.AnalyticsApi(client()).post_analytics_queues_observations_query(body)
        self.assertEqual(answer.results[0].group, {"queueId": "q-support"})
        counts = {d.metric: d.stats.count for d in answer.results[0].data}
        self.assertEqual(counts, {"oWaiting": 2, "oOnQueueUsers": 5, "oInteracting": 2})


class OrgInventory(unittest.TestCase):
    """The inventory endpoints (docs/org.md, "From the Genesys API"), deserialised by the SDK's
    own models: fixtures/data and fixtures/org/fixtures/inventory.yaml as an org."""

    def test_queues_are_paged_and_filtered_by_name(self):
        api = gc.RoutingApi(client())
        first = api.get_routing_queues(page_size=1)
        self.assertEqual((first.total, first.page_count, first.page_number), (3, 3, 1))
        self.assertTrue(first.next_uri.endswith("pageSize=1&pageNumber=2"), first.next_uri)
        self.assertIsNone(first.previous_uri)
        last = api.get_routing_queues(page_size=1, page_number=3)
        self.assertIsNone(last.next_uri)
        names = [api.get_routing_queues(page_size=1, page_number=n).entities[0].name
                 for n in (1, 2, 3)]
        self.assertEqual(names, sorted(names, key=str.lower))
        only = api.get_routing_queues(name="support")
        self.assertEqual([q.id for q in only.entities], ["q-support"])
        self.assertEqual(api.get_routing_queues(name="sup*").total, 1)

    def test_the_directory(self):
        routing = gc.RoutingApi(client())
        self.assertEqual([s.name for s in routing.get_routing_skills().entities],
                         ["Billing", "Claims"])
        self.assertEqual([l.name for l in routing.get_routing_languages().entities], ["Spanish"])
        self.assertEqual([w.name for w in routing.get_routing_wrapupcodes().entities],
                         ["Callback Promised", "Resolved"])
        self.assertEqual([u.name for u in routing.get_routing_utilization_labels().entities],
                         ["Priority"])
        users = gc.UsersApi(client()).get_users(page_size=1)
        self.assertEqual((users.entities[0].name, users.entities[0].email, users.page_count),
                         ("Ann Smith", "ann@acme.example", 2))
        self.assertEqual([g.name for g in gc.GroupsApi(client()).get_groups().entities],
                         ["Supervisors"])

    def test_architect_objects(self):
        api = architect()
        for listing in (api.get_architect_schedules(), api.get_architect_schedulegroups(),
                        api.get_architect_emergencygroups()):
            self.assertEqual((listing.total, listing.entities), (0, []))
        self.assertEqual([o.name for o in api.get_flows_outcomes().entities], ["Self Served"])
        self.assertEqual([m.name for m in api.get_flows_milestones().entities], ["Authenticated"])
        prompt = api.get_architect_prompts().entities[0]
        self.assertEqual(prompt.name, "Welcome")
        self.assertEqual([r.language for r in prompt.resources], ["en-us", "es-us"])
        resources = api.get_architect_prompt_resources(prompt.id)
        self.assertEqual([r.language for r in resources.entities], ["en-us", "es-us"])
        table = api.get_flows_datatables(expand="schema").entities[0]
        self.assertEqual(table.name, "Branch Offices")
        self.assertEqual(table.schema.properties["key"]["title"], "prefix")
        self.assertEqual(table.schema.properties["staff"]["type"], "integer")

    def test_data_actions_and_their_contracts(self):
        api = gc.IntegrationsApi(client())
        self.assertEqual([i.name for i in api.get_integrations().entities], ["Acme CRM"])
        actions = api.get_integrations_actions().entities
        self.assertTrue(actions)
        action = api.get_integrations_action(actions[0].id, expand="contract")
        self.assertEqual(action.name, actions[0].name)
        self.assertTrue(action.id.startswith("custom_-_"))
        inputs = action.contract.input.input_schema.properties
        self.assertEqual(sorted(inputs), ["phone", "queue"])
        self.assertEqual(inputs["queue"], {"type": "string"})
        with self.assertRaises(ApiException) as caught:
            api.get_integrations_action("custom_-_no-such-action")
        self.assertEqual(caught.exception.status, 404)


class Faults(unittest.TestCase):
    def tearDown(self):
        flowsim("DELETE", "/__flowsim/faults")

    def test_the_sdk_retries_a_429_after_its_retry_after(self):
        api = architect()
        flowsim("DELETE", "/__flowsim/requests")
        flowsim("POST", "/__flowsim/faults", {"path": "/api/v2/flows", "status": 429, "retryAfter": 1})
        self.assertEqual(api.get_flows().total, 5)
        log = flowsim("GET", "/__flowsim/requests")
        self.assertEqual([(r["path"], r["status"], r["fault"]) for r in log],
                         [("/api/v2/flows", 429, True), ("/api/v2/flows", 200, False)])

    def test_an_injected_500_reaches_the_caller_with_the_cloud_error_body(self):
        api = architect()
        flowsim("POST", "/__flowsim/faults", {"path": "/api/v2/flows/*", "status": 500})
        with self.assertRaises(ApiException) as caught:
            api.get_flow("inbound-flow-a")
        self.assertEqual(caught.exception.status, 500)
        self.assertEqual(error_body(caught.exception)["code"], "internal.server.error")
        self.assertEqual(api.get_flow("inbound-flow-a").name, "Inbound_Flow_A")


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"sdk: {result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.testsRun else 0)
