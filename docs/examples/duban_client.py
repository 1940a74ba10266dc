#!/usr/bin/env python3
"""A Python client of the Duban API, standard library only.

    DUBAN_URL=http://localhost:3000 DUBAN_USER=weijian DUBAN_PASSWORD=… python3 docs/examples/duban_client.py 28

Logs in, reads a task, reports progress on it with an Idempotency-Key (retried once, as after a lost
answer), and shows how a refusal reads: its status and stable code.
"""
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


class DubanError(Exception):
    """A refusal of the api: `code` is the stable name to branch on, `message` is fit to show."""

    def __init__(self, status, body):
        message = body.get("message", "")
        self.status = status
        self.code = body.get("code") or body.get("error")
        self.message = "; ".join(message) if isinstance(message, list) else message
        super().__init__(f"{status} {self.code}: {self.message}")


class Duban:
    def __init__(self, url, username, password):
        self.api = url.rstrip("/") + "/api/v1"
        self.token = None
        self.token = self.request("POST", "/auth/login", {"username": username, "password": password})["accessToken"]

    def request(self, method, path, body=None, idempotency_key=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.api + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refusal:
            raise DubanError(refusal.code, json.loads(refusal.read() or b"{}")) from None

    def send(self, task_id, event_type, payload=None, idempotency_key=None):
        body = {"type": event_type, "payload": payload or {}}
        return self.request("POST", f"/tasks/{task_id}/events", body, idempotency_key)


def main(task_id):
    duban = Duban(os.environ.get("DUBAN_URL", "http://localhost:3000"), os.environ["DUBAN_USER"], os.environ["DUBAN_PASSWORD"])
    task = duban.request("GET", f"/tasks/{task_id}")
    print(f"task {task['number']}: {task['state']}, due {task['dueAt']}, {len(task['targets'])} targets")
    for target in task["targets"]:
        print(f"  {target['indicator']} {target['comparator']} {target['value']}{target['unit'] or ''}")
    if "START" in task["allowedEvents"]:
        task = duban.send(task_id, "START")
    key = str(uuid.uuid4())
    report = {"percent": 30, "summary": "已开展健康素养巡讲"}
    first = duban.send(task_id, "REPORT_PROGRESS", report, key)
    retried = duban.send(task_id, "REPORT_PROGRESS", report, key)  # the same key: the same answer, reported once
    print(f"reported: version {first['version']} (retried: version {retried['version']})")
    try:
        duban.send(task_id, "START")
    except DubanError as refusal:
        print(f"refused: {refusal.status} {refusal.code}")


if __name__ == "__main__":
    main(sys.argv[1])
