-- Freed pages are zeroed, not left as they were (the erased key must not stay in the file).
PRAGMA secure_delete = ON
