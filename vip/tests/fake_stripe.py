"""A small Stripe API on 127.0.0.1 for the real SDK to talk to: just the endpoints
vip/stripe_gateway.py calls, answering with Stripe-shaped JSON, honouring
Idempotency-Key like Stripe does, and recording every request for the tests."""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

PRICE_MONTHLY = "price_test_vip_monthly"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    idempotency_key: str | None
    authorization: str | None


def subscription_json(
    sub_id, *, customer, status="active", price=PRICE_MONTHLY, period_end=None, user_id=""
):
    """A subscription as API version 2025-03-31 and later return it: the billing
    period lives on the items."""
    now = int(time.time())
    period_end = period_end or now + 30 * 86400
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": False,
        "canceled_at": now if status == "canceled" else None,
        "created": now - 3600,
        "currency": "eur",
        "livemode": False,
        "metadata": {"user_id": str(user_id)} if user_id else {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{sub_id[-8:]}",
                    "object": "subscription_item",
                    "current_period_start": period_end - 30 * 86400,
                    "current_period_end": period_end,
                    "quantity": 1,
                    "price": {
                        "id": price,
                        "object": "price",
                        "currency": "eur",
                        "unit_amount": 900,
                        "recurring": {"interval": "month", "interval_count": 1},
                        "type": "recurring",
                    },
                }
            ],
            "has_more": False,
            "url": f"/v1/subscription_items?subscription={sub_id}",
        },
    }


@dataclass
class FakeStripe:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    deleted_customers: set[str] = field(default_factory=set)
    # Answer this many next requests with a 500 (Stripe-Should-Retry: false).
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _idempotent: dict = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_test{next(self._ids):08d}"

    def handle(self, method: str, path: str, params: dict, key: str | None):
        """(status, body) for one request."""
        with self.lock:
            if self.fail_next:
                self.fail_next -= 1
                return 500, _error("api_error", "Something went wrong on Stripe's end.")
            if key and (method, path, key) in self._idempotent:
                return self._idempotent[(method, path, key)]
            answer = self._route(method, path, params)
            if key and answer[0] < 500:
                self._idempotent[(method, path, key)] = answer
            return answer

    def _route(self, method, path, params):
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["v1", "customers"]:
            return 200, {
                "id": self.new_id("cus"), "object": "customer", "email": params.get("email"),
                "name": params.get("name"), "balance": 0, "livemode": False,
                "metadata": {"user_id": params.get("metadata[user_id]")},
                "created": int(time.time()),
            }  # fmt: skip
        if method == "POST" and parts == ["v1", "checkout", "sessions"]:
            session_id = self.new_id("cs")
            return 200, {
                "id": session_id, "object": "checkout.session", "mode": "subscription",
                "customer": params.get("customer"), "status": "open",
                "client_reference_id": params.get("client_reference_id"),
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                "success_url": params.get("success_url"), "livemode": False,
            }  # fmt: skip
        if method == "POST" and parts == ["v1", "billing_portal", "sessions"]:
            session_id = self.new_id("bps")
            return 200, {
                "id": session_id, "object": "billing_portal.session",
                "customer": params.get("customer"), "return_url": params.get("return_url"),
                "url": f"https://billing.stripe.com/p/session/{session_id}", "livemode": False,
            }  # fmt: skip
        if method == "GET" and parts[:2] == ["v1", "subscriptions"] and len(parts) == 3:
            if parts[2] in self.subscriptions:
                return 200, self.subscriptions[parts[2]]
            return 404, _error(
                "invalid_request_error", f"No such subscription: '{parts[2]}'", "resource_missing"
            )
        if (
            method == "POST"
            and parts[:2] == ["v1", "customers"]
            and parts[3:] == ["balance_transactions"]
        ):
            return 200, {
                "id": self.new_id("cbtxn"), "object": "customer_balance_transaction",
                "customer": parts[2], "amount": int(params["amount"]),
                "currency": params.get("currency"), "description": params.get("description"),
                "type": "adjustment", "livemode": False, "created": int(time.time()),
            }  # fmt: skip
        if method == "DELETE" and parts[:2] == ["v1", "customers"] and len(parts) == 3:
            if parts[2] in self.deleted_customers:
                return 404, _error(
                    "invalid_request_error", f"No such customer: '{parts[2]}'", "resource_missing"
                )
            self.deleted_customers.add(parts[2])
            return 200, {"id": parts[2], "object": "customer", "deleted": True}
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({path}).")


def _error(kind, message, code=None):
    error = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return {"error": error}


def serve() -> tuple[FakeStripe, ThreadingHTTPServer]:
    fake = FakeStripe()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method):
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else split.query
            params = dict(parse_qsl(body, keep_blank_values=True))
            key = self.headers.get("Idempotency-Key")
            fake.requests.append(
                Recorded(method, split.path, params, key, self.headers.get("Authorization"))
            )
            status, payload = fake.handle(method, split.path, params, key)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{len(fake.requests)}")
            if status >= 500:
                self.send_header("Stripe-Should-Retry", "false")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def do_DELETE(self):
            self._answer("DELETE")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return fake, server
