#!/usr/bin/env python3
"""The console's own start on a gateway that is up: makes the first account with the one-time code, applies a
site file whose console section differs (session-idle), which restarts the console alone, and prints the
"started in N ms" of that restart. Usage: console-restart.py STATE_DIR SITE_FILE PORT LOG (bench/console-start.sh)."""
import http.cookiejar, json, re, ssl, sys, time, urllib.request

state, site, port, log = sys.argv[1:5]
base = f"https://127.0.0.1:{port}"
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE   # the node's own certificate; this script only measures time on loopback
opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=tls),
                                     urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

def call(method, path, body=None, csrf=None):
    headers = {"Content-Type": "application/json", "Origin": base}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    data = None if body is None else json.dumps(body).encode()
    with opener.open(urllib.request.Request(base + path, data=data, method=method, headers=headers), timeout=60) as r:
        return json.loads(r.read() or b"{}")

code = open(f"{state}/console/setup-code").read().strip()
me = call("POST", "/api/setup", {"code": code, "account": "bench", "password": "bench password 1"})
text = call("GET", "/api/site")["text"]
starts = len(re.findall(r"Console on https", open(log).read()))
call("POST", "/api/site/apply", {"text": text.replace("console:\n", "console:\n  session-idle: 16m\n", 1)}, me["csrf"])
for _ in range(600):
    found = re.findall(r"Console on https.*\(started in (\d+) ms\)", open(log).read())
    if len(found) > starts:
        print(found[-1])
        break
    time.sleep(0.1)
