package org.stratacache.benchmarks.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.internal.stats.PerThreadCounter;

/**
 * What counting a hit costs when every thread counts into one shared counter, as every hit of a region does
 * (run with {@code -t 1}, {@code -t 2}, {@code -t max}; several forks, since where an adder's threads land is
 * decided anew in each JVM): {@link LongAdder} against Strata's {@link PerThreadCounter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX})
public class HitCounterBenchmark {
    private final LongAdder adder = new LongAdder();
    private final PerThreadCounter perThread = new PerThreadCounter();

    @Benchmark
    public void adder() {
        adder.increment();
    }

    @Benchmark
    public void perThread() {
        perThread.increment();
    }
}
