"""A small Flask app to deploy to Amazon ECS on AWS Fargate with the ECS & Fargate extension."""

import os
import socket

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    return jsonify(
        message=os.environ.get("GREETING", "Hello from Flask on AWS Fargate!"),
        host=socket.gethostname(),
    )


@app.get("/health")
def health():
    # The target group's and the container's health checks call this.
    return jsonify(status="ok")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
