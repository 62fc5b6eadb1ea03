package com.example.platform.lambda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** SnapStart priming ({@link SnapStartPriming}): what the function answers before Lambda takes its snapshot. */
@ConfigMapping(prefix = "hello.snapstart")
public interface SnapStartPrimingConfig {

    /**
     * How many times each shipped front-door event fixture is answered before the snapshot. Default {@code 3}: with
     * the managed runtime's C1-only JIT, enough that the first request after a restore runs compiled code
     * (bench/snapstart-priming.sh compares); {@code 0} turns priming off.
     */
    @WithDefault("3")
    int primingRounds();
}
