#!/usr/bin/env python3
"""Sustained HL7 v2 ingest over MLLP: N connections send generated ORU^R01 (vital signs) and/or RAS^O17 (ketamine
administration) messages back-to-back for a fixed time, each waiting for its ACK (a durable ACK: KAP Hub answers AA
only after the FHIR transaction committed). Reports msg/s and ACK latency p50/p95/p99 per message type, and ACK codes.

usage: mllp_load.py HOST PORT [--connections 8] [--duration 60] [--warmup 10] [--types ORU,RAS] [--patients 200]
                   [--resend]
--resend: each connection sends one message over and over: after the first AA every copy is a duplicate, answered
with the original ACK from the journal (journal insert + idempotency lookup + journal update, no FHIR write) — the
cost of the durable journal path alone.
Only send to 127.0.0.1/localhost or your own test hosts. Synthetic data only (no real patients).
"""
import argparse
import random
import socket
import threading
import time
import uuid

VT, FS, CR = b'\x0b', b'\x1c', b'\x0d'


def oru(ctrl, mrn, n):
    ts = time.strftime('%Y%m%d%H%M%S', time.gmtime()) + '+0000'
    return '\r'.join([
        f'MSH|^~\\&|BENCH|BENCHCLINIC|KAPHUB|KAP|{ts}||ORU^R01^ORU_R01|{ctrl}|P|2.5.1',
        f'PID|1||{mrn}^^^BENCHCLINIC^MR||BENCH^PATIENT||19800101|F',
        f'OBR|1|VIT-{ctrl}^BENCH|VIT-{ctrl}^BENCH|85353-1^Vital signs panel^LN|||{ts}',
        f'OBX|1|NM|8480-6^Systolic blood pressure^LN||{110 + n % 40}|mm[Hg]^mmHg^UCUM|||||F|||{ts}',
        f'OBX|2|NM|8462-4^Diastolic blood pressure^LN||{70 + n % 20}|mm[Hg]^mmHg^UCUM|||||F|||{ts}',
        f'OBX|3|NM|8867-4^Heart rate^LN||{60 + n % 40}|/min^per minute^UCUM|||||F|||{ts}',
    ]) + '\r'


def ras(ctrl, mrn, n):
    ts = time.strftime('%Y%m%d%H%M%S', time.gmtime()) + '+0000'
    return '\r'.join([
        f'MSH|^~\\&|BENCH|BENCHCLINIC|KAPHUB|KAP|{ts}||RAS^O17^RAS_O17|{ctrl}|P|2.5.1',
        f'PID|1||{mrn}^^^BENCHCLINIC^MR||BENCH^PATIENT||19800101|F',
        f'ORC|RE|ORD-{ctrl}^BENCH|FIL-{ctrl}^BENCH||CM',
        f'RXA|0|1|{ts}|{ts}|238083^ketamine HCl 100 MG/ML Injectable Solution^RXNORM|{30 + n % 40}|mg^milligram^UCUM|||'
        f'1234567890^NGUYEN^AN^^^^^^NPI&2.16.840.1.113883.4.6&ISO|||||LOT-{n % 97}|||||CP',
        'RXR|IM^Intramuscular^HL70162',
    ]) + '\r'


GENERATORS = {'ORU': oru, 'RAS': ras}


def recv_ack(sock):
    buf = b''
    while FS + CR not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError('closed')
        buf += chunk
    frame = buf[buf.find(VT) + 1:buf.find(FS + CR)]
    for seg in frame.split(b'\r'):
        if seg.startswith(b'MSA'):
            return seg.split(b'|')[1].decode()
    return '??'


def worker(host, port, types, patients, stop_at, resend, results, lock, seed):
    rnd = random.Random(seed)
    local = []
    n = 0
    sent = {}
    with socket.create_connection((host, port), timeout=120) as s:
        while time.time() < stop_at:
            kind = types[n % len(types)]
            if resend and kind in sent:
                msg = sent[kind]
            else:
                ctrl = uuid.uuid4().hex[:20]
                mrn = f'B{rnd.randrange(patients):06d}'
                msg = sent[kind] = GENERATORS[kind](ctrl, mrn, n).encode()
            t0 = time.perf_counter()
            s.sendall(VT + msg + FS + CR)
            code = recv_ack(s)
            t1 = time.perf_counter()
            if time.time() >= warm_until_wall[0]:
                local.append((kind, code, (t1 - t0) * 1000.0))
            n += 1
    with lock:
        results.extend(local)


warm_until_wall = [0.0]


def pct(values, p):
    if not values:
        return float('nan')
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('host')
    ap.add_argument('port', type=int)
    ap.add_argument('--connections', type=int, default=8)
    ap.add_argument('--duration', type=float, default=60)
    ap.add_argument('--warmup', type=float, default=10)
    ap.add_argument('--types', default='ORU,RAS')
    ap.add_argument('--patients', type=int, default=200)
    ap.add_argument('--resend', action='store_true')
    a = ap.parse_args()
    types = a.types.split(',')
    start = time.time()
    warm_until_wall[0] = start + a.warmup
    stop_at = start + a.warmup + a.duration
    results, lock = [], threading.Lock()
    threads = [threading.Thread(target=worker, args=(a.host, a.port, types, a.patients, stop_at, a.resend, results, lock, i))
               for i in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    measured = a.duration
    print(f'connections={a.connections} duration={a.duration:.0f}s (after {a.warmup:.0f}s warm-up) types={a.types}'
          + (' resend' if a.resend else ''))
    total = len(results)
    print(f'ALL  {total} msgs  {total / measured:7.1f} msg/s  p50={pct([r[2] for r in results], 50):7.1f} ms'
          f'  p95={pct([r[2] for r in results], 95):7.1f} ms  p99={pct([r[2] for r in results], 99):7.1f} ms')
    for kind in types:
        lat = [r[2] for r in results if r[0] == kind]
        codes = {}
        for r in results:
            if r[0] == kind:
                codes[r[1]] = codes.get(r[1], 0) + 1
        print(f'{kind}  {len(lat)} msgs  {len(lat) / measured:7.1f} msg/s  p50={pct(lat, 50):7.1f} ms'
              f'  p95={pct(lat, 95):7.1f} ms  p99={pct(lat, 99):7.1f} ms  acks={codes}')


if __name__ == '__main__':
    main()
