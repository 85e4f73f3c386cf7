#!/usr/bin/env python3
"""Synthesizes an Istio JSON access log for the audit benchmark, with the cluster snapshot (pods
with IPs) and tenant spec it refers to.

N tenants x W workloads, each a Deployment with one pod. Every request is logged inbound by the
destination's proxy; 30% also outbound by the client's. About 1% of requests cross tenants and are
denied by RBAC, 0.05% fail to connect (network policy), and a few cross tenants and succeed.

    synth_logs.py --tenants 50 --workloads 8 --size-mb 500 --out DIR
"""
import argparse
import os
import random

p = argparse.ArgumentParser()
p.add_argument("--tenants", type=int, default=50)
p.add_argument("--workloads", type=int, default=8)
p.add_argument("--size-mb", type=int, default=500)
p.add_argument("--out", required=True)
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
rnd = random.Random(42)

workloads = []  # (tenant index, namespace, name, ip)
with open(os.path.join(a.out, "cluster.yaml"), "w") as f:
    for t in range(a.tenants):
        ns = f"tenant-{t:03}"
        f.write(f"---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}, labels: {{tenant: t{t:03}}}}}\n")
        for w in range(a.workloads):
            name = f"svc{w}"
            ip = f"10.{t // 200}.{t % 200}.{w + 10}"
            workloads.append((t, ns, name, ip))
            f.write(f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: {ns}, labels: {{app: {name}}}}}\n"
                    f"spec: {{serviceAccountName: {name}, containers: [{{name: app}}]}}\nstatus: {{podIP: {ip}}}\n")
with open(os.path.join(a.out, "tenantguard.yaml"), "w") as f:
    f.write("apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nmetadata: {name: bench}\nspec:\n  tenants:\n")
    for t in range(a.tenants):
        f.write(f"  - {{name: t{t:03}, namespaces: [tenant-{t:03}]}}\n")
    f.write("  flows:\n  - {from: t000/svc0, to: t001/svc0, ports: [8080]}\n")

by_tenant = {}
for wl in workloads:
    by_tenant.setdefault(wl[0], []).append(wl)
paths = ["/api/v1/orders", "/api/v1/orders/{}", "/api/v1/users/{}", "/healthz", "/api/v1/invoices", "/metrics"]
methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
agents = ["Go-http-client/1.1", "python-requests/2.31.0", "curl/8.5.0", "okhttp/4.12.0"]
DENY = "rbac_access_denied_matched_policy[ns[istio-system]-policy[deny-cross-tenant]-rule[0]]"


def line(start, method, path, code, flags, details, src, dst, inbound):
    s_ip, d_ip = src[3], dst[3]
    host = f"{dst[2]}.{dst[1]}.svc.cluster.local"
    port = rnd.randint(30000, 60000)
    if inbound:
        cluster, local, upstream, sni = "inbound|8080||", f"{d_ip}:8080", f"{d_ip}:8080", f"outbound_.8080_._.{host}"
    else:
        cluster, local, upstream, sni = f"outbound|8080||{host}", "10.96.0.10:8080", f"{d_ip}:8080", None
    rid = "%08x-%04x-4%03x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12),
                                         rnd.getrandbits(16), rnd.getrandbits(48))
    return ('{"authority":"%s:8080","bytes_received":%d,"bytes_sent":%d,"connection_termination_details":null,'
            '"downstream_local_address":"%s","downstream_remote_address":"%s:%d","duration":%d,"method":"%s",'
            '"path":"%s","protocol":"HTTP/1.1","request_id":"%s","requested_server_name":%s,"response_code":%d,'
            '"response_code_details":"%s","response_flags":"%s","route_name":"default","start_time":"%s",'
            '"upstream_cluster":"%s","upstream_host":"%s","upstream_local_address":"127.0.0.6:%d",'
            '"upstream_service_time":"%d","upstream_transport_failure_reason":null,"user_agent":"%s",'
            '"x_forwarded_for":null}\n') % (
        f"{dst[2]}.{dst[1]}", rnd.randint(0, 900), rnd.randint(0, 9000), local, s_ip, port, rnd.randint(0, 90), method,
        path, rid, f'"{sni}"' if sni else "null", code, details, flags, start, cluster, upstream, port,
        rnd.randint(0, 80), rnd.choice(agents))


target = a.size_mb << 20
written = 0
seconds = 0
with open(os.path.join(a.out, "access.jsonl"), "w") as f:
    buf = []
    while written < target:
        seconds += 1
        day, rest = divmod(seconds // 8, 86400)
        start = "2026-11-%02dT%02d:%02d:%02d.%03dZ" % (2 + day % 7, rest // 3600, rest // 60 % 60, rest % 60,
                                                      rnd.randint(0, 999))
        src = rnd.choice(workloads)
        r = rnd.random()
        if r < 0.01:  # cross-tenant, denied by the mesh-wide DENY
            dst = rnd.choice(workloads)
            while dst[0] == src[0]:
                dst = rnd.choice(workloads)
            out = [line(start, "GET", "/api/v1/invoices", 403, "-", DENY, src, dst, True)]
        elif r < 0.0105:  # cross-tenant, the connection is dropped (client side logs UF,URX)
            dst = rnd.choice(workloads)
            while dst[0] == src[0]:
                dst = rnd.choice(workloads)
            out = [line(start, "GET", "/api/v1/orders", 503, "UF,URX",
                        "upstream_reset_before_response_started{connection_failure}", src, dst, False)]
        elif r < 0.01051:  # cross-tenant and it got through
            dst = rnd.choice(workloads)
            while dst[0] == src[0]:
                dst = rnd.choice(workloads)
            out = [line(start, "GET", "/admin/export", 200, "-", "via_upstream", src, dst, True)]
        else:  # inside the tenant
            dst = rnd.choice(by_tenant[src[0]])
            i = rnd.randrange(len(paths))
            path = paths[i].format(rnd.randint(1, 99999))
            out = [line(start, methods[i], path, 200, "-", "via_upstream", src, dst, True)]
            if rnd.random() < 0.3:
                out.append(line(start, methods[i], path, 200, "-", "via_upstream", src, dst, False))
        for l in out:
            buf.append(l)
            written += len(l)
        if len(buf) >= 20000:
            f.write("".join(buf))
            buf.clear()
    f.write("".join(buf))
print(f"{written >> 20} MB, {len(workloads)} workloads in {a.tenants} tenants")
