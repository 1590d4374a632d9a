import json, sys, urllib.request
url = sys.argv[1]
def post(body, sid=None, method="POST"):
    head = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if sid:
        head["Mcp-Session-Id"] = sid
        head["MCP-Protocol-Version"] = "2025-06-18"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data, head, method=method)
    with urllib.request.urlopen(req, timeout=3) as r:
        text = r.read().decode()
        sid = r.headers.get("Mcp-Session-Id") or sid
    for line in text.splitlines():
        if line.startswith("data:"):
            text = line[5:]
    return sid, json.loads(text) if text.strip() else None
hello = {"protocolVersion": "2025-06-18", "capabilities": {},
         "clientInfo": {"name": "mcpgen-liveness", "version": "1"}}
sid, init = post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello})
post({"jsonrpc": "2.0", "method": "notifications/initialized"}, sid)
caps = init["result"]["capabilities"]
ask = next((k for k in ("tools", "resources", "prompts") if k in caps), None)
reply = {"result": {ask: []}}
if ask:
    reply = post({"jsonrpc": "2.0", "id": 2, "method": ask + "/list"}, sid)[1]
if sid:
    post(None, sid, "DELETE")
if not isinstance((reply.get("result") or {}).get(ask), list):
    sys.exit("the child did not answer %s/list: %s" % (ask, json.dumps(reply)[:300]))
