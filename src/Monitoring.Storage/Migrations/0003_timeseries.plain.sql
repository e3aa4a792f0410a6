-- Time series on plain PostgreSQL: declarative range partitioning. Partitions are created ahead and dropped
-- when expired by PartitionMaintenance (positions by Asia/Shanghai day, episodes by month); the DEFAULT
-- partitions catch rows outside the created ranges (clock-broken terminals, old backfill) and the
-- maintenance moves them into a partition when it creates one for their range.

-- speed_dkmh: 0.1 km/h as sent; direction: degrees as sent; alarm/status: the JT/T 808 DWORDs (bit pattern in
-- an integer); odometer_hm: additional item 0x01 (0.1 km), NULL when not reported; source: 0 = 0x0200,
-- 1 = 0x0704 normal batch, 2 = 0x0704 blind-area backfill.
CREATE TABLE positions (
    vehicle_id bigint NOT NULL,
    device_time timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    odometer_hm bigint,
    serial integer NOT NULL,
    lat_e6 integer NOT NULL,
    lon_e6 integer NOT NULL,
    speed_dkmh integer NOT NULL,
    direction integer NOT NULL,
    alarm integer NOT NULL,
    status integer NOT NULL,
    altitude_m smallint NOT NULL,
    source smallint NOT NULL,
    PRIMARY KEY (vehicle_id, device_time, serial)
) PARTITION BY RANGE (device_time);
CREATE TABLE positions_default PARTITION OF positions DEFAULT;

-- state: 0 opened, 1 escalated, 2 closed (only ever moves forward). Keyed by (vehicle, rule, start).
CREATE TABLE episodes (
    vehicle_id bigint NOT NULL,
    rule text NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz,
    state smallint NOT NULL,
    severity smallint NOT NULL,
    limit_kmh double precision,
    max_speed_kmh double precision,
    late boolean NOT NULL DEFAULT false,
    carrier_id bigint NOT NULL,
    county_id integer NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, rule, start_time)
) PARTITION BY RANGE (start_time);
CREATE TABLE episodes_default PARTITION OF episodes DEFAULT;
CREATE INDEX episodes_county_idx ON episodes (county_id, start_time);
CREATE INDEX episodes_carrier_idx ON episodes (carrier_id, start_time);

-- Who did what to an episode, and when. Kept as long as episodes (deleted by the maintenance on this path).
CREATE TABLE alert_handling (
    vehicle_id bigint NOT NULL,
    rule text NOT NULL,
    episode_start timestamptz NOT NULL,
    step text NOT NULL,
    user_name text NOT NULL,
    handled_at timestamptz NOT NULL,
    note text,
    PRIMARY KEY (vehicle_id, rule, episode_start, step, handled_at)
);
CREATE INDEX alert_handling_start_idx ON alert_handling (episode_start);

-- Daily episode counts per county, carrier and rule (Asia/Shanghai day of the episode start), kept by
-- EpisodeStore in the transaction that first inserts an episode.
CREATE TABLE daily_violation_counts (
    day date NOT NULL,
    county_id integer NOT NULL,
    carrier_id bigint NOT NULL,
    rule text NOT NULL,
    episodes bigint NOT NULL,
    PRIMARY KEY (day, county_id, carrier_id, rule)
);
