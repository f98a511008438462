package io.neuronetes.scheduler.spec;

/** {@code autoscaling.behavior}: the rules for each direction. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {

    public static Behavior defaults() {
        return new Behavior(ScalingRules.scaleUpDefaults(), ScalingRules.scaleDownDefaults());
    }
}
