"""A small client of the API for the drills (standard library only): an applicant's account,
verified through the development mail file, with a draft application to upload documents to.

  client.py applicant --base URL --mail FILE --email E --nik N
      Prints {"token", "application"} as JSON.
  client.py upload --base URL --token T --application ID --kind K --bytes N [--fill B]
      Uploads a JPEG-looking file of N bytes; prints status, type, detail and the SHA-256.
  client.py documents --base URL --token T --application ID
      Prints each document's kind, recorded SHA-256, and whether the content read back
      has that SHA-256.
"""

import argparse
import hashlib
import json
import os
import time
import urllib.error
import urllib.request
import uuid

PASSWORD = "kopi tubruk di pagi hari"


def call(base, method, path, body=None, token=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    if body is not None:
        request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    if method == "POST" and token:
        request.add_header("idempotency-key", uuid.uuid4().hex)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers.get("content-type") or "", answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("content-type") or "", answer.read()


def applicant(base, mail, email, nik):
    call(base, "POST", "/v1/auth/register",
         {"email": email, "phone": "081234567890", "full_name": "Siti Rahayu", "password": PASSWORD})
    code = None
    for _ in range(200):
        if os.path.exists(mail):
            lines = [json.loads(line) for line in open(mail) if line.strip()]
            codes = [line["code"] for line in lines if line.get("to") == email and line.get("code")]
            if codes:
                code = codes[-1]
                break
        time.sleep(0.1)
    assert code, f"no verification code for {email} in {mail}"
    call(base, "POST", "/v1/auth/verify-email", {"email": email, "code": code})
    token = json.loads(call(base, "POST", "/v1/auth/login", {"email": email, "password": PASSWORD})[2])["access_token"]
    person = json.loads(call(base, "POST", "/v1/applicants", {
        "nik": nik, "full_name": "Siti Rahayu", "place_of_birth": "Jakarta", "birth_date": "1990-05-15",
        "sex": "female", "address": "Jl. Merdeka No. 1, Gambir, Jakarta Pusat", "father_name": "Slamet",
        "mother_name": "Sri Wahyuni", "marital_status": "married", "dual_citizen_child": False}, token)[2])["id"]
    draft = json.loads(call(base, "POST", "/v1/applications", {
        "applicant_id": person, "passport_kind": "electronic", "application_kind": "new", "service": "regular",
        "travel": {"purpose": "tourism", "destination_country": "JP"}}, token)[2])["id"]
    return {"token": token, "application": draft}


def jpeg(size, fill):
    return b"\xff\xd8\xff\xe0" + bytes([fill % 256]) * (size - 6) + b"\xff\xd9"


def upload(base, token, application, kind, size, fill=0):
    content = jpeg(size, fill)
    began = time.time()
    status, content_type, body = call(base, "PUT", f"/v1/applications/{application}/documents/{kind}",
                                      token=token, raw=content)
    problem = json.loads(body) if "problem" in content_type else {}
    return {"kind": kind, "bytes": size, "status": status, "type": content_type.split(";")[0],
            "seconds": round(time.time() - began, 3), "detail": problem.get("detail"),
            "sha256": hashlib.sha256(content).hexdigest()}


def documents(base, token, application):
    listed = json.loads(call(base, "GET", f"/v1/applications/{application}/documents", token=token)[2])
    if isinstance(listed, dict):
        listed = listed.get("documents") or listed.get("items") or []
    out = []
    for document in listed:
        kind = document["kind"]
        content = call(base, "GET", f"/v1/applications/{application}/documents/{kind}", token=token)[2]
        out.append({"kind": kind, "sha256": document.get("sha256"),
                    "read_back_intact": hashlib.sha256(content).hexdigest() == document.get("sha256")})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["applicant", "upload", "documents"])
    for name in ("base", "mail", "email", "nik", "token", "application", "kind"):
        parser.add_argument(f"--{name}")
    parser.add_argument("--bytes", type=int, default=1000)
    parser.add_argument("--fill", type=int, default=0)
    args = parser.parse_args()
    if args.command == "applicant":
        result = applicant(args.base, args.mail, args.email, args.nik)
    elif args.command == "upload":
        result = upload(args.base, args.token, args.application, args.kind, args.bytes, args.fill)
    else:
        result = documents(args.base, args.token, args.application)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
