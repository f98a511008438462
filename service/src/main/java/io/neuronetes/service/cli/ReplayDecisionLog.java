package io.neuronetes.service.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuronetes.forecast.Forecast;
import io.neuronetes.forecast.io.Trace;
import io.neuronetes.scheduler.plan.Decision;
import io.neuronetes.scheduler.replay.BenchReplay;
import io.neuronetes.scheduler.replay.ReplayResult;
import io.neuronetes.scheduler.replay.StepListener;
import io.neuronetes.service.runs.DecisionRecord;
import io.neuronetes.service.runs.DecisionRecord.InputsView;
import io.neuronetes.service.runs.DecisionRecord.ReasonView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code simulate --decisions FILE}: every decision of the replay as one JSON object a line, in step order, with the
 * step's demand and how the bench scores it, so that a violated step or an expensive hour can be traced to the
 * reasons the planner gave. The inputs and reasons are those the service's decision log shows
 * ({@link DecisionRecord}). Collects while the replay runs; {@link #write} adds the replay's ready replicas and
 * verdict per step, which it scores once the counts are all known.
 */
final class ReplayDecisionLog implements StepListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line.
     *
     * @param timestamp   the step's start, in the trace's time format
     * @param demand      the step's demand, null for a gap
     * @param ready       replicas ready over the step, as the bench counts them (a replica still starting counts
     *                    for the part of the step it is ready)
     * @param violated    whether demand exceeded {@code ready * capacity}; null for a gap
     * @param provisioned every replica that costs: serving, warm and starting (the candidate CSV's count)
     * @param current     the serving target before the decision
     * @param desired     the serving target decided
     * @param serving     ready replicas serving after the decision
     * @param warm        ready warm replicas after the decision
     * @param starting    replicas starting after the decision
     * @param forecast    the method of the forecast the planner was given, null without one
     * @param inputs      the merge inputs
     * @param reasons     the planner's reasons, in stage order
     */
    record Line(String timestamp, Double demand, double ready, Boolean violated, int provisioned, int current,
            int desired, int serving, int warm, int starting, String forecast, InputsView inputs,
            List<ReasonView> reasons) {

        /** This line with the bench's ready count for its step, and whether its demand exceeded what that serves. */
        Line scored(double readyReplicas, double capacity) {
            return new Line(timestamp, demand, readyReplicas, demand == null ? null
                    : BenchReplay.violated(demand, readyReplicas, capacity), provisioned, current, desired, serving,
                    warm, starting, forecast, inputs, reasons);
        }
    }

    private final Trace trace;
    private final List<Line> heard = new ArrayList<>();

    /** A log of a replay of {@code trace}, whose time format its lines use. */
    ReplayDecisionLog(Trace trace) {
        this.trace = trace;
    }

    @Override
    public void step(int k, double demand, Forecast forecast, Decision d) {
        // Views of the decision, not the decision itself: its state holds the stabilization windows.
        heard.add(new Line(trace.format(d.at()), Double.isNaN(demand) ? null : demand, Double.NaN, null,
                d.provisioned(), d.current(), d.desired(), d.serving(), d.warm(), d.starting(),
                forecast == null ? null : forecast.method().name(), InputsView.of(d.inputs()),
                DecisionRecord.reasons(d)));
    }

    /** The lines of {@code result}'s replay, which this log heard, scored as the bench scores them. */
    List<Line> lines(ReplayResult result, double capacity) {
        if (heard.size() != result.steps()) {
            throw new IllegalStateException("heard " + heard.size() + " decisions of " + result.steps() + " steps");
        }
        List<Line> out = new ArrayList<>(heard.size());
        for (int k = 0; k < heard.size(); k++) {
            out.add(heard.get(k).scored(result.ready()[k], capacity));
        }
        return out;
    }

    /** Writes {@link #lines} to {@code file}. */
    void write(Path file, ReplayResult result, double capacity) {
        List<Line> lines = lines(result, capacity);
        try {
            OutputFile.write(file, w -> {
                for (Line line : lines) {
                    w.write(JSON.writeValueAsString(line));
                    w.write('\n');
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException(OutputFile.cannotWrite(file, e), e);
        }
    }
}
