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
                Arguments.of("never promotes a pod that is not ready, even below the target",
                        List.of(pod("s1", S, true, 60), pod("w3", W, false, 5), pod("p1", null, false, 5)), 3,
                        List.of(warm("p1"))), // 1 serving < 3, but w3 and p1 are starting: p1 only gets its label
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
        assertThat(WarmPodLabeler.plan(pods, servingTarget)).containsExactlyElementsOf(expected);
    }

    @Test
    void aNegativeTargetIsRefused() {
        assertThatThrownBy(() -> WarmPodLabeler.plan(List.of(), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("servingTarget must be >= 0, got -1");
    }
}
