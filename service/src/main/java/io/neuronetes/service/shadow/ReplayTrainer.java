package io.neuronetes.service.shadow;

import io.neuronetes.forecast.Trainer;
import io.neuronetes.forecast.forest.ForestTrainer;

/** The trainer of shadow replays: the production forest with its default settings, as the {@code simulate} command. */
final class ReplayTrainer {

    private ReplayTrainer() {
    }

    static Trainer production() {
        return ForestTrainer.defaults();
    }
}
