package io.neuronetes.service.kubernetes;

import java.net.URI;
import java.util.List;

/**
 * One request to the API server in RBAC terms: the verb and the (group, resource, subresource) it acts on, as the
 * API server's authorizer sees it.
 *
 * @param verb        get, list, watch, create, update, patch or delete
 * @param group       API group ("" for the core group)
 * @param resource    plural resource name
 * @param subresource subresource ("status", "scale") or "" for none
 * @param namespace   the namespace in the path, or "" for cluster-wide requests
 * @param agent       the client's User-Agent, telling the scaler's requests from the test fixtures'
 * @param path        the request path, for messages
 */
record ApiCall(String verb, String group, String resource, String subresource, String namespace, String agent,
        String path) {

    /** The RBAC resource string: {@code resource} or {@code resource/subresource}. */
    String rbacResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /**
     * Parses an HTTP method and request path (with query) the way the API server's request-info resolver does.
     *
     * @return null for paths that are not resource requests (discovery, /version)
     */
    static ApiCall parse(String method, String pathAndQuery, String agent) {
        URI uri = URI.create(pathAndQuery);
        List<String> parts = List.of(uri.getPath().replaceFirst("^/", "").split("/"));
        int i;
        String group;
        if (parts.get(0).equals("api") && parts.size() > 2) {
            group = "";
            i = 2;
        } else if (parts.get(0).equals("apis") && parts.size() > 3) {
            group = parts.get(1);
            i = 3;
        } else {
            return null;
        }
        String namespace = "";
        if (parts.size() > i + 2 && parts.get(i).equals("namespaces")) {
            namespace = parts.get(i + 1);
            i += 2;
        }
        String resource = parts.get(i);
        String name = parts.size() > i + 1 ? parts.get(i + 1) : null;
        String sub = parts.size() > i + 2 ? parts.get(i + 2) : "";
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unexpected method " + method + " " + pathAndQuery);
        };
        return new ApiCall(verb, group, resource, sub, namespace, agent == null ? "" : agent, pathAndQuery);
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + rbacResource() + " (" + path + ")";
    }
}
