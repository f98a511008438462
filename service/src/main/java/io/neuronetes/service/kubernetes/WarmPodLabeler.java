package io.neuronetes.service.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the wanted number of a workload's pods labelled {@code neuronetes.io/state=serving}; the others are
 * labelled {@code warm}, so a Service selecting {@code serving} routes only to serving replicas.
 *
 * <p>Promotion takes ready pods first, and only a ready warm pod promoted to serving counts as a warm-pool
 * activation. When too few ready pods are left, pods that are still starting (pending for a GPU, loading their
 * model) are promoted to fill the target: they are the replicas the decision started to serve, and readiness still
 * gates their traffic, so they serve the moment they are ready rather than a run later. A starting pod is never
 * counted as warm ({@link PodView#warm()}). Demotion takes pods that are not ready first.
 *
 * <p>Beyond that, which pods serve follows from how the workload picks the pods a scale-down removes
 * ({@link Removal}). A Deployment removes the pods with the lowest pod-deletion-cost first, and each flip sets that
 * annotation (warm lowest), so any pod may serve: promotion takes the oldest (their caches are warmest), demotion
 * the newest. A StatefulSet removes its highest ordinals whatever their labels, so serving pods are kept at the
 * lowest ordinals: promotion takes the lowest ordinal, demotion the highest, and a pod that a scale-down to the
 * workload's new replicas will remove is demoted before it goes, ready warm pods of lower ordinals serving instead.
 *
 * <p>Pods that are terminating or finished are ignored. Labels are written with a JSON merge patch of the pod's
 * metadata, which cannot conflict; a pod deleted in the meantime is skipped and the next run counts again.
 */
public final class WarmPodLabeler {

    private final KubernetesClient client;
    private final Leadership leadership;

    public WarmPodLabeler(KubernetesClient client, Leadership leadership) {
        this.client = client;
        this.leadership = leadership;
    }

    /** The routing-relevant view of one pod. */
    public record PodView(String name, String state, boolean ready, Instant created) {
        boolean serving() {
            return NeuronetesApi.SERVING.equals(state);
        }

        /** Labelled warm and ready: it can serve as soon as it is switched to serving. */
        boolean warm() {
            return ready && NeuronetesApi.WARM.equals(state);
        }
    }

    /** How a workload picks the pods that a scale-down removes; it decides which pods should serve. */
    public enum Removal {
        /** A Deployment: the lowest pod-deletion-cost first, which the labels' annotation makes the warm pods. */
        DELETION_COST,
        /** A StatefulSet: the highest ordinals (the pod name's suffix {@code -N}), whatever the labels say. */
        HIGHEST_ORDINAL
    }

    /** One label change: {@code pod} gets {@code state}; {@code activation} for a ready warm pod promoted. */
    public record Flip(String pod, String state, boolean activation) {
    }

    /**
     * What a labelling pass found and did, counted after its flips: {@code serving} pods labelled serving,
     * {@code warm} ready pods labelled warm (pods that are not ready are starting, not warm).
     */
    public record Result(int serving, int warm, int activations, int flips) {
    }

    /**
     * Labels the pods selected by {@code selector} so that {@code servingTarget} of them are serving, none of them
     * a pod that the workload removes when it has {@code replicas} (see {@link #plan(List, int, Removal, int)}).
     *
     * @throws Leadership.NotLeaderException when this replica does not lead at the moment of a write
     * @throws KubernetesClientException      on API errors other than a vanished pod
     */
    public Result label(String namespace, LabelSelector selector, int servingTarget, Removal removal,
            int replicas) {
        List<PodView> pods = pods(namespace, selector);
        Map<String, String> states = new HashMap<>();
        pods.forEach(p -> states.put(p.name(), p.state()));
        int applied = 0;
        int activations = 0;
        for (Flip flip : plan(pods, servingTarget, removal, replicas)) {
            if (!apply(namespace, flip)) {
                states.remove(flip.pod()); // deleted meanwhile
                continue;
            }
            applied++;
            activations += flip.activation() ? 1 : 0;
            states.put(flip.pod(), flip.state());
        }
        int serving = (int) pods.stream().filter(p -> NeuronetesApi.SERVING.equals(states.get(p.name()))).count();
        int warm = (int) pods.stream().filter(p -> p.ready() && NeuronetesApi.WARM.equals(states.get(p.name())))
                .count();
        return new Result(serving, warm, activations, applied);
    }

    /** The live pods selected by {@code selector}: not terminating, not finished. */
    public List<PodView> pods(String namespace, LabelSelector selector) {
        return client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems().stream()
                .filter(WarmPodLabeler::live).map(WarmPodLabeler::view).toList();
    }

    /**
     * The label changes that leave {@code min(servingTarget, pods)} pods serving (fewer on a StatefulSet when pods
     * it removes would be needed) and the rest warm. For {@link Removal#HIGHEST_ORDINAL}, the pods beyond the
     * {@code replicas} lowest ordinals (those a scale-down to {@code replicas} removes) are demoted and never
     * promoted. Pods without a state label are labelled warm unless promoted or removed. Pure; does not mutate its
     * input.
     *
     * @param replicas the workload's replicas once the run is done
     */
    public static List<Flip> plan(List<PodView> pods, int servingTarget, Removal removal, int replicas) {
        if (servingTarget < 0) {
            throw new IllegalArgumentException("servingTarget must be >= 0, got " + servingTarget);
        }
        List<PodView> leaving = removal == Removal.HIGHEST_ORDINAL
                ? pods.stream().sorted(HIGHEST_ORDINAL_FIRST).limit(Math.max(0, pods.size() - replicas)).toList()
                : List.of();
        List<PodView> serving = pods.stream().filter(p -> p.serving() && !leaving.contains(p)).toList();
        List<PodView> others = pods.stream().filter(p -> !p.serving() && !leaving.contains(p)).toList();
        List<Flip> flips = new ArrayList<>();
        leaving.stream().filter(PodView::serving).forEach(p -> flips.add(new Flip(p.name(), NeuronetesApi.WARM,
                false)));
        if (serving.size() > servingTarget) {
            serving.stream().sorted(demoteOrder(removal)).limit(serving.size() - servingTarget)
                    .forEach(p -> flips.add(new Flip(p.name(), NeuronetesApi.WARM, false)));
        }
        List<PodView> promoted = others.stream().sorted(promoteOrder(removal))
                .limit(Math.max(0, servingTarget - serving.size())).toList();
        for (PodView p : promoted) {
            flips.add(new Flip(p.name(), NeuronetesApi.SERVING, p.warm()));
        }
        others.stream().filter(p -> p.state() == null && !promoted.contains(p))
                .forEach(p -> flips.add(new Flip(p.name(), NeuronetesApi.WARM, false)));
        return flips;
    }

    /**
     * Ready before starting; then Deployment: oldest first, StatefulSet: lowest ordinal first (the last its
     * scale-downs remove).
     */
    private static Comparator<PodView> promoteOrder(Removal removal) {
        Comparator<PodView> readyFirst = Comparator.comparing((PodView p) -> !p.ready());
        return removal == Removal.HIGHEST_ORDINAL
                ? readyFirst.thenComparingInt(WarmPodLabeler::ordinal).thenComparing(PodView::name)
                : readyFirst.thenComparing(PodView::created).thenComparing(PodView::name);
    }

    /** Not ready before ready; then Deployment: newest first, StatefulSet: highest ordinal first. */
    private static Comparator<PodView> demoteOrder(Removal removal) {
        Comparator<PodView> notReadyFirst = Comparator.comparing(PodView::ready);
        return removal == Removal.HIGHEST_ORDINAL ? notReadyFirst.thenComparing(HIGHEST_ORDINAL_FIRST)
                : notReadyFirst.thenComparing(PodView::created, Comparator.reverseOrder())
                        .thenComparing(PodView::name, Comparator.reverseOrder());
    }

    private static final Comparator<PodView> HIGHEST_ORDINAL_FIRST = Comparator
            .comparingInt(WarmPodLabeler::ordinal).reversed()
            .thenComparing(PodView::name, Comparator.reverseOrder());

    private static final Pattern ORDINAL = Pattern.compile("-(\\d{1,9})$");

    /**
     * A StatefulSet pod's ordinal: the number its name ends with ({@code web-3} is 3). A name without one sorts
     * after every ordinal, so such a pod is neither promoted first nor kept when the workload shrinks.
     */
    static int ordinal(PodView pod) {
        Matcher m = ORDINAL.matcher(pod.name());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    private boolean apply(String namespace, Flip flip) {
        String cost = NeuronetesApi.SERVING.equals(flip.state()) ? NeuronetesApi.SERVING_DELETION_COST
                : NeuronetesApi.WARM_DELETION_COST;
        String patch = "{\"metadata\":{\"labels\":{\"" + NeuronetesApi.STATE_LABEL + "\":\"" + flip.state()
                + "\"},\"annotations\":{\"" + NeuronetesApi.DELETION_COST_ANNOTATION + "\":\"" + cost + "\"}}}";
        leadership.require("label pod " + namespace + "/" + flip.pod() + " " + flip.state());
        // Patching through a named stub sends the merge patch alone; patching by name would read the pod first.
        Pod stub = new PodBuilder().withNewMetadata().withName(flip.pod()).withNamespace(namespace).endMetadata()
                .build();
        try {
            client.pods().inNamespace(namespace).resource(stub).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static boolean live(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase)
                && !"Failed".equals(phase);
    }

    static PodView view(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String state = labels == null ? null : labels.get(NeuronetesApi.STATE_LABEL);
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String created = pod.getMetadata().getCreationTimestamp();
        return new PodView(pod.getMetadata().getName(), state, ready,
                created == null ? Instant.EPOCH : Instant.parse(created));
    }
}
