package io.neuronetes.service.api;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The HTTP methods and path templates of JAX-RS resource classes, to say which methods a path allows: the REST layer
 * answers a wrong method with a 405 that lacks the {@code Allow} header HTTP requires and does not say which
 * methods there are. Path parameters match one segment ({@code {pool}}); templates with their own regular
 * expressions are not used by this service.
 */
final class Endpoints {

    /** One resource method: its HTTP method and its path as a pattern. */
    record Endpoint(String method, Pattern path) {
    }

    private final List<Endpoint> endpoints;

    private Endpoints(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The endpoints of {@code resources}; classes without {@code @Path} are skipped. */
    static Endpoints of(Collection<Class<?>> resources) {
        List<Endpoint> out = new ArrayList<>();
        for (Class<?> c : resources) {
            Path root = c.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method m : c.getMethods()) {
                String verb = verb(m);
                Path sub = m.getAnnotation(Path.class);
                if (verb != null) {
                    out.add(new Endpoint(verb, pattern(root.value() + (sub == null ? "" : "/" + sub.value()))));
                }
            }
        }
        return new Endpoints(out);
    }

    /** The endpoints of the service's resource classes: the CDI beans with {@code @Path}. */
    static Endpoints of(BeanManager beans) {
        return of(beans.getBeans(Object.class, Any.Literal.INSTANCE).stream().<Class<?>>map(Bean::getBeanClass)
                .filter(c -> c.isAnnotationPresent(Path.class)).toList());
    }

    /** The methods allowed on {@code path} (decoded, without the query), sorted; empty when no endpoint has it. */
    Set<String> allowed(String path) {
        Set<String> out = new TreeSet<>();
        for (Endpoint e : endpoints) {
            if (e.path().matcher(path).matches()) {
                out.add(e.method());
            }
        }
        return out;
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** {@code /api/v1/pools/{pool}/} as {@code /api/v1/pools/[^/]+/?}: a parameter is one segment. */
    static Pattern pattern(String template) {
        String t = ("/" + template).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        StringBuilder re = new StringBuilder();
        for (String part : t.split("(?=\\{)|(?<=\\})")) {
            re.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(re + "/?");
    }
}
