-- API keys (docs/api.md): a key is shown once when created and stored only as the SHA-256 of its text. The role
-- fixes the scope: center sees everything, county one county, carrier one carrier. Path-neutral.
CREATE TABLE api_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_name text NOT NULL CHECK (user_name <> ''),
    role text NOT NULL CHECK (role IN ('center', 'county', 'carrier')),
    county_id integer REFERENCES counties (id),
    carrier_id bigint REFERENCES carriers (id),
    key_hash bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    -- The first characters of the key, so that an operator can tell keys apart in `monitoring keys list`.
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_used_at timestamptz,
    CHECK ((role = 'center' AND county_id IS NULL AND carrier_id IS NULL)
        OR (role = 'county' AND county_id IS NOT NULL AND carrier_id IS NULL)
        OR (role = 'carrier' AND carrier_id IS NOT NULL AND county_id IS NULL))
);
