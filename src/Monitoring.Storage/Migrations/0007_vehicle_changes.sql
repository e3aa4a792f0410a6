-- When a vehicle was registered or last changed, so that a running service picks up new terminals without a
-- restart (IngestionService polls for rows changed since it last looked). Kept by a trigger, whoever writes.
ALTER TABLE vehicles ADD COLUMN changed_at timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE INDEX vehicles_changed_idx ON vehicles (changed_at);

CREATE FUNCTION monitoring_vehicle_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_at := clock_timestamp();
    RETURN NEW;
END
$$;

CREATE TRIGGER vehicles_changed BEFORE INSERT OR UPDATE ON vehicles
FOR EACH ROW EXECUTE FUNCTION monitoring_vehicle_changed();
