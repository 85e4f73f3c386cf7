#!/usr/bin/env python3
"""Writes a synthetic multi-tenant cluster and its tenant spec, deterministically from a seed.

  bench/synth.py --tenants N --workloads M --out DIR [--seed S] [--format yaml|json]

Each tenant: a namespace (tenant label, sidecar injection), M Deployments with Services and
ServiceAccounts, default-deny + DNS + same-namespace NetworkPolicies, a cross-namespace allow to
one shared service, an AdminNetworkPolicy floor, STRICT mTLS, an ALLOW for its own namespace,
ResourceQuota and LimitRange. A few tenants (1 in 50) carry a deliberate leak: an allow-all
ingress NetworkPolicy and AuthorizationPolicy.
"""
import argparse, json, os, random

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tenants", type=int, required=True)
    ap.add_argument("--workloads", type=int, default=10)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["yaml", "json"], default="yaml")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    objs = []
    add = objs.append
    add({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "istio-system"}})
    add({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shared", "labels": {"istio-injection": "enabled"}}})
    add({"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": {"name": "default", "namespace": "istio-system"}, "spec": {"mtls": {"mode": "STRICT"}}})
    add({"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": {"name": "deny-all", "namespace": "istio-system"}, "spec": {}})
    add(deployment("shared", "log-collector"))
    add(service("shared", "log-collector"))
    tenants = [f"t{i:05d}" for i in range(a.tenants)]
    for i, t in enumerate(tenants):
        ns = f"tenant-{t}"
        add({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"tenant": t, "istio-injection": "enabled"}}})
        for w in range(a.workloads):
            name = f"svc-{w}"
            add({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns}, "automountServiceAccountToken": False})
            add(deployment(ns, name, tier=rnd.choice(["web", "api", "db"])))
            add(service(ns, name))
        add(np(ns, "default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}))
        add(np(ns, "allow-dns", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]}))
        add(np(ns, "same-namespace", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [{"from": [{"podSelector": {}}]}], "egress": [{"to": [{"podSelector": {}}]}]}))
        add(np(ns, "to-shared", {"podSelector": {"matchLabels": {"tier": "api"}}, "policyTypes": ["Egress"], "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "shared"}}}], "ports": [{"port": 8080}]}]}))
        add({"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy", "metadata": {"name": f"floor-{t}"},
             "spec": {"priority": 10, "subject": {"namespaces": {"matchLabels": {"kubernetes.io/metadata.name": ns}}},
                      "ingress": [{"name": "deny-tenants", "action": "Deny", "from": [{"namespaces": {"matchExpressions": [{"key": "tenant", "operator": "Exists"}, {"key": "tenant", "operator": "NotIn", "values": [t]}]}}]}],
                      "egress": [{"name": "deny-tenants", "action": "Deny", "to": [{"namespaces": {"matchExpressions": [{"key": "tenant", "operator": "Exists"}, {"key": "tenant", "operator": "NotIn", "values": [t]}]}}]}]}})
        add({"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": {"name": "allow-own", "namespace": ns}, "spec": {"rules": [{"from": [{"source": {"namespaces": [ns]}}]}]}})
        add({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "quota", "namespace": ns}, "spec": {"hard": {"pods": "100"}}})
        add({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": ns}, "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}}]}})
        if i % 50 == 49:  # a deliberate leak
            add(np(ns, "debug-open", {"podSelector": {}, "ingress": [{}]}))
            add({"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "metadata": {"name": "debug-open", "namespace": ns}, "spec": {"rules": [{}]}})
    os.makedirs(a.out, exist_ok=True)
    if a.format == "json":
        with open(os.path.join(a.out, "cluster.json"), "w") as f:
            json.dump({"apiVersion": "v1", "kind": "List", "items": objs}, f)
    else:
        with open(os.path.join(a.out, "cluster.yaml"), "w") as f:
            for o in objs:
                f.write("---\n")
                write_yaml(f, o, 0)
    with open(os.path.join(a.out, "tenantguard.yaml"), "w") as f:
        f.write("apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nmetadata: {name: synth}\nspec:\n  tenants:\n")
        for t in tenants:
            f.write(f"  - {{name: {t}, namespaces: [tenant-{t}]}}\n")
        f.write("  sharedServices:\n  - name: log-collector\n    namespace: shared\n    selector: {app: log-collector}\n    ports: [8080]\n    allow: [{tenants: ['*']}]\n")

def deployment(ns, name, tier="api"):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": ns},
            "spec": {"selector": {"matchLabels": {"app": name}}, "template": {"metadata": {"labels": {"app": name, "tier": tier}},
                     "spec": {"serviceAccountName": name, "containers": [{"name": name, "image": "example/app", "ports": [{"name": "http", "containerPort": 8080}]}]}}}}

def service(ns, name):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
            "spec": {"selector": {"app": name}, "ports": [{"name": "http", "port": 8080, "targetPort": "http"}]}}

def np(ns, name, spec):
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

def scalar(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, int): return str(v)
    return json.dumps(v)

def write_yaml(f, v, ind):
    pad = "  " * ind
    if isinstance(v, dict):
        if not v:
            f.write(pad + "{}\n"); return
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                f.write(f"{pad}{k}:\n"); write_yaml(f, x, ind + 1)
            else:
                f.write(f"{pad}{k}: {('{}' if x == {} else '[]' if x == [] else scalar(x))}\n")
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                f.write(f"{pad}-\n"); write_yaml(f, x, ind + 1)
            else:
                f.write(f"{pad}- {('{}' if x == {} else scalar(x))}\n")

if __name__ == "__main__":
    main()
