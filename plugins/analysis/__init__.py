"""Analysis plugins: queries (retrieval, matrices, co-occurrence, words), Table I, saturation and
inter-coder agreement, each a module computing from the project; `cli` adds ``qodex query``."""
