"""Showing linked objects on a case without knowing their module: each module may provide
`veiliglokaal.<app>.case_links.describe(tenant, model_name, ids) -> {id: {kind, label, detail, address, subject,
url}}`, reading through `for_tenant`. Unknown kinds are shown by type and id only."""

import importlib
from collections import defaultdict


def describe_links(tenant, links) -> list[dict]:
    grouped = defaultdict(list)
    for link in links:
        grouped[(link.content_type.app_label, link.content_type.model)].append(link.object_id)
    described = {}
    for (app_label, model), ids in grouped.items():
        try:
            module = importlib.import_module(f"veiliglokaal.{app_label}.case_links")
        except ModuleNotFoundError:
            continue
        for object_id, info in module.describe(tenant, model, ids).items():
            described[(app_label, model, object_id)] = info
    return [described.get((link.content_type.app_label, link.content_type.model, link.object_id),
                          {"kind": link.content_type.model, "label": f"#{link.object_id}", "detail": "",
                           "address": "", "subject": None, "url": ""})
            for link in links]
