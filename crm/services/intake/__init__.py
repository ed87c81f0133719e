"""Document intake: read a press release or article and propose the records it holds."""
