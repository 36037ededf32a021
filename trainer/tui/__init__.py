"""The terminal app (Textual). The only package that imports Textual; screens stay thin and
call the core (drill engine, scorer, store) for every rule."""
