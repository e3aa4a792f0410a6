-- Per-vehicle daily figures behind the assessment rates (AssessmentQueries), one row per vehicle and
-- Asia/Shanghai day, so that rates over months read these rows instead of every position. Path-neutral.
CREATE TABLE vehicle_daily_stats (
    day date NOT NULL,
    vehicle_id bigint NOT NULL,
    records bigint NOT NULL,
    qualified bigint NOT NULL,
    mileage_km double precision NOT NULL,
    incomplete_km double precision NOT NULL,
    drift_segments integer NOT NULL,
    PRIMARY KEY (day, vehicle_id)
);

-- Which days are rolled up, and when: a day rolled up more than a day after it ended is final (late
-- back-fill included); a younger one is rolled up again when asked.
CREATE TABLE assessment_days (
    day date PRIMARY KEY,
    rolled_up_at timestamptz NOT NULL
);
