-- Frames of a terminal that was not registered yet are replayed once it is (IngestionService); replayed_at marks
-- them so that they are replayed once. The partial index finds a terminal's unreplayed frames.
ALTER TABLE dead_letters ADD COLUMN replayed_at timestamptz;
CREATE INDEX dead_letters_unknown_terminal_idx ON dead_letters (phone, id)
    WHERE replayed_at IS NULL AND reason LIKE 'UnknownTerminal%';
