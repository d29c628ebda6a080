"""The course record: courses, their scheduled doses, every dose given or held on record, and the counts."""
