-- Time series on TimescaleDB: hypertables on device time, compression and retention policies (the policy
-- intervals are set again at start-up from StorageOptions by TimescalePolicies), and a continuous aggregate
-- for the daily counts. Columns are the same as on the plain path, so every query is shared.
CREATE EXTENSION IF NOT EXISTS timescaledb;

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
);
SELECT create_hypertable('positions', 'device_time', chunk_time_interval => INTERVAL '1 day');
ALTER TABLE positions SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'vehicle_id',
    timescaledb.compress_orderby = 'device_time, serial');
SELECT add_compression_policy('positions', INTERVAL '1 day');
SELECT add_retention_policy('positions', INTERVAL '180 days');

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
);
SELECT create_hypertable('episodes', 'start_time', chunk_time_interval => INTERVAL '30 days');
CREATE INDEX episodes_county_idx ON episodes (county_id, start_time);
CREATE INDEX episodes_carrier_idx ON episodes (carrier_id, start_time);
SELECT add_retention_policy('episodes', INTERVAL '1096 days');

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
SELECT create_hypertable('alert_handling', 'episode_start', chunk_time_interval => INTERVAL '90 days');
SELECT add_retention_policy('alert_handling', INTERVAL '1096 days');

-- Daily counts by the Asia/Shanghai day of the episode start (China keeps +08:00 all year).
CREATE MATERIALIZED VIEW daily_violation_counts_cagg
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', start_time, 'Asia/Shanghai') AS bucket,
       county_id, carrier_id, rule, count(*) AS episodes
FROM episodes
GROUP BY bucket, county_id, carrier_id, rule
WITH NO DATA;
SELECT add_continuous_aggregate_policy('daily_violation_counts_cagg',
    start_offset => INTERVAL '40 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

-- The same shape as the plain path's table.
CREATE VIEW daily_violation_counts AS
SELECT (bucket AT TIME ZONE 'Asia/Shanghai')::date AS day, county_id, carrier_id, rule, episodes
FROM daily_violation_counts_cagg;
