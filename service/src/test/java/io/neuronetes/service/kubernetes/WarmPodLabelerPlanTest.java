package io.neuronetes.service.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuronetes.service.kubernetes.WarmPodLabeler.Flip;
import io.neuronetes.service.kubernetes.WarmPodLabeler.PodView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which pods the labeler promotes and demotes: a table of named cases (pods / target / expected flips). */
class WarmPodLabelerPlanTest {

    static final String S = NeuronetesApi.SERVING;
    static final String W = NeuronetesApi.WARM;

    /** A pod created {@code minutesAgo} before a fixed instant. */
    static PodView pod(String name, String state, boolean ready, int minutesAgo) {
        return new PodView(name, state, ready, Instant.parse("2026-03-02T08:00:00Z").minusSeconds(60L * minutesAgo));
    }

    static Flip serve(String pod, boolean activation) {
        return new Flip(pod, S, activation);
    }

    static Flip warm(String pod) {
        return new Flip(pod, W, false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing to do",
                        List.of(pod("s1", S, true, 30), pod("w1", W, true, 20)), 1,
                        List.of()), // 1 serving = target 1
                Arguments.of("promotes ready warm pods first, oldest first",
                        List.of(pod("s1", S, true, 60), pod("w1", W, true, 10), pod("w2", W, true, 40),
                                pod("w3", W, false, 50)), 3,
                        List.of(serve("w2", true), serve("w1", true))), // 3 - 1 serving = 2 promotions
                Arguments.of("promotes starting pods when no ready one is left, not an activation",
                        List.of(pod("s1", S, true, 60), pod("w3", W, false, 5)), 2,
                        List.of(serve("w3", false))),
                Arguments.of("promotes ready pods before starting ones, whatever their age",
                        List.of(pod("s1", S, true, 60), pod("w3", W, false, 5), pod("p1", null, false, 1),
                                pod("w4", W, true, 50)), 3,
                        // 3 - 1 serving = 2 promotions: w4 (ready), then the older starting pod; p1 gets its label
                        List.of(serve("w4", true), serve("w3", false), warm("p1"))),
                Arguments.of("a target above the pods promotes every pod",
                        List.of(pod("w1", W, true, 10), pod("w2", W, true, 20)), 5,
                        List.of(serve("w2", true), serve("w1", true))), // 2 pods < 5: the rest come later
                Arguments.of("demotes pods that are not ready first, then the newest",
                        List.of(pod("s1", S, true, 30), pod("s2", S, true, 10), pod("s3", S, false, 60)), 1,
                        List.of(warm("s3"), warm("s2"))), // 3 - 1 = 2 demotions, s1 (oldest ready) stays
                Arguments.of("demotes everything for a target of 0",
                        List.of(pod("s1", S, true, 30), pod("w1", W, true, 10)), 0,
                        List.of(warm("s1"))),
                Arguments.of("labels unlabelled pods warm",
                        List.of(pod("p1", null, true, 10), pod("s1", S, true, 20)), 1,
                        List.of(warm("p1"))),
                Arguments.of("promotes an unlabelled pod without counting an activation",
                        List.of(pod("p1", null, true, 10)), 1,
                        List.of(serve("p1", false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plan(String name, List<PodView> pods, int servingTarget, List<Flip> expected) {
        assertThat(deployment(pods, servingTarget)).containsExactlyElementsOf(expected);
    }

    /** A StatefulSet removes its highest ordinals: web-0 is the newest pod in every case, to tell the rules apart. */
    static Stream<Arguments> statefulSetCases() {
        return Stream.of(
                Arguments.of("demotes the highest ordinals, not the newest pods",
                        List.of(pod("web-0", S, true, 1), pod("web-1", S, true, 40), pod("web-2", S, true, 30),
                                pod("web-3", S, true, 20)), 2, 4,
                        List.of(warm("web-3"), warm("web-2"))), // 4 serving - 2 = 2 demotions, no pod removed
                Arguments.of("demotes the pods a scale-down removes and promotes lower ordinals instead",
                        List.of(pod("web-0", W, true, 1), pod("web-1", W, true, 40), pod("web-2", S, true, 30),
                                pod("web-3", S, true, 20)), 2, 2,
                        List.of(warm("web-3"), warm("web-2"), serve("web-0", true), serve("web-1", true))),
                Arguments.of("a removed pod is not promoted even when ready",
                        List.of(pod("web-0", S, true, 1), pod("web-1", W, false, 40), pod("web-2", W, true, 30)), 2,
                        2, // web-2 goes with the scale-down to 2; web-1 serves once it is ready
                        List.of(serve("web-1", false))),
                Arguments.of("activates the lowest ordinal first, not the oldest pod",
                        List.of(pod("web-0", S, true, 1), pod("web-1", W, true, 10), pod("web-2", W, true, 40),
                                pod("web-3", W, false, 50)), 2, 5,
                        List.of(serve("web-1", true))), // 2 - 1 serving = 1 promotion; web-3 is not ready
                Arguments.of("demotes pods that are not ready first, then the highest ordinal",
                        List.of(pod("web-0", S, false, 1), pod("web-1", S, true, 40), pod("web-2", S, true, 30)), 1,
                        3, List.of(warm("web-0"), warm("web-2"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statefulSetCases")
    void statefulSetPlan(String name, List<PodView> pods, int servingTarget, int replicas, List<Flip> expected) {
        assertThat(WarmPodLabeler.plan(pods, servingTarget, WarmPodLabeler.Removal.HIGHEST_ORDINAL, replicas))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aStatefulSetPodsOrdinalIsItsNamesNumericSuffix() {
        assertThat(WarmPodLabeler.ordinal(pod("web-12", S, true, 1))).isEqualTo(12);
        assertThat(WarmPodLabeler.ordinal(pod("web-a", S, true, 1))).isEqualTo(Integer.MAX_VALUE);
    }

    /** The plan for a Deployment's pods, which a scale-down removes by deletion cost. */
    static List<Flip> deployment(List<PodView> pods, int servingTarget) {
        return WarmPodLabeler.plan(pods, servingTarget, WarmPodLabeler.Removal.DELETION_COST, pods.size());
    }

    @Test
    void aNegativeTargetIsRefused() {
        assertThatThrownBy(() -> deployment(List.of(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("servingTarget must be >= 0, got -1");
    }
}
