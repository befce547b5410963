"""The fact layer: sentences, names, numbers and dates, the paraphrase model, fact units, matching, framing, stories."""
