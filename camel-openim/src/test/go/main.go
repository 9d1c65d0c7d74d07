// Command gobgolden writes the golden OpenIM envelope frames of camel-openim's gob codec tests with Go's own
// encoding/gob, and checks that Go decodes the frames camel-openim's Java encoder wrote.
//
//	go run .          writes ../resources/gob/*.gob, *.gob.gz, *.json and cases.tsv
//	go run . verify   decodes ../resources/gob/java/* with Go and compares them with cases.tsv
//
// gob numbers user types with a process-wide counter, so every case runs in a child process of its own: its ids
// are then the ones a fresh OpenIM client (65) or server (65, or 66 after it decoded a request) announces.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Req is the gateway's request struct (open-im-server internal/msggateway).
type Req struct {
	ReqIdentifier int32  `json:"reqIdentifier"`
	Token         string `json:"token"`
	SendID        string `json:"sendID"`
	OperationID   string `json:"operationID"`
	MsgIncr       string `json:"msgIncr"`
	Data          []byte `json:"data"`
}

// Resp is the gateway's reply and push struct (open-im-server internal/msggateway).
type Resp struct {
	ReqIdentifier int32  `json:"reqIdentifier"`
	MsgIncr       string `json:"msgIncr"`
	OperationID   string `json:"operationID"`
	ErrCode       int    `json:"errCode"`
	ErrMsg        string `json:"errMsg"`
	Data          []byte `json:"data"`
}

// GeneralWsReq is the Go SDK's request struct (openim-sdk-core internal/interaction).
type GeneralWsReq struct {
	ReqIdentifier int    `json:"reqIdentifier"`
	Token         string `json:"token"`
	SendID        string `json:"sendID"`
	OperationID   string `json:"operationID"`
	MsgIncr       string `json:"msgIncr"`
	Data          []byte `json:"data"`
}

// GeneralWsResp is the Go SDK's reply struct: the same names as Resp in another order.
type GeneralWsResp struct {
	ReqIdentifier int    `json:"reqIdentifier"`
	ErrCode       int    `json:"errCode"`
	ErrMsg        string `json:"errMsg"`
	MsgIncr       string `json:"msgIncr"`
	OperationID   string `json:"operationID"`
	Data          []byte `json:"data"`
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	return b
}

type golden struct {
	name   string
	values []interface{} // encoded in order on one encoder (two values = a reused encoder)
	pre    func()        // runs first in the child (a server decoding a request before it replies)
}

var basicReq = GeneralWsReq{ReqIdentifier: 1001, SendID: "u1", OperationID: "o1", MsgIncr: "m1", Data: []byte{0x0a, 0x02, 0x75, 0x31}}

func serverDecodesFirst() {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(basicReq); err != nil {
		panic(err)
	}
	// the request arrived from another process: only the decoding side's type ids matter here
	var r Req
	if err := gob.NewDecoder(&buf).Decode(&r); err != nil {
		panic(err)
	}
}

var goldens = []golden{
	{name: "req-basic", values: []interface{}{basicReq}},
	{name: "req-full", values: []interface{}{GeneralWsReq{ReqIdentifier: 1002, Token: "eyJhbGciOi.tok-123_x", SendID: "user_ü✓",
		OperationID: "op-42", MsgIncr: "user_1733550000123456789", Data: pattern(300)}}},
	{name: "req-empty", values: []interface{}{GeneralWsReq{}}},
	{name: "req-max", values: []interface{}{GeneralWsReq{ReqIdentifier: math.MaxInt32, SendID: "a", OperationID: "b", MsgIncr: "c", Data: []byte{0}}}},
	{name: "req-min", values: []interface{}{GeneralWsReq{ReqIdentifier: math.MinInt32, SendID: "a", OperationID: "b", MsgIncr: "c"}}},
	{name: "req-server-struct", values: []interface{}{Req{ReqIdentifier: 1003, SendID: "u2", OperationID: "o3", MsgIncr: "u2_7", Data: pattern(20)}}},
	{name: "req-stream", values: []interface{}{
		GeneralWsReq{ReqIdentifier: 1001, SendID: "u1", OperationID: "o1", MsgIncr: "m1", Data: []byte{0x0a, 0x02, 0x75, 0x31}},
		GeneralWsReq{ReqIdentifier: 1002, SendID: "u1", OperationID: "o2", MsgIncr: "m2", Data: pattern(10)}}},
	{name: "resp-after-decode", pre: serverDecodesFirst, values: []interface{}{
		Resp{ReqIdentifier: 1001, MsgIncr: "m1", OperationID: "o1", Data: []byte{0x0a, 0x08, 0x0a, 0x04, 0x73, 0x69, 0x5f, 0x78, 0x10, 0x05}}}},
	{name: "resp-push", values: []interface{}{Resp{ReqIdentifier: 2001, OperationID: "push-op", Data: pattern(1000)}}},
	{name: "resp-large", values: []interface{}{Resp{ReqIdentifier: 2001, OperationID: "push-op", Data: pattern(70000)}}},
	{name: "resp-error", values: []interface{}{Resp{ReqIdentifier: 1003, MsgIncr: "u1_99", OperationID: "o9", ErrCode: 1302, ErrMsg: "BlockedByPeer"}}},
	{name: "resp-negative", values: []interface{}{Resp{ReqIdentifier: -1, MsgIncr: "m", OperationID: "o", ErrCode: -1, ErrMsg: "negative"}}},
	{name: "resp-max", values: []interface{}{Resp{ReqIdentifier: math.MaxInt32, MsgIncr: "m", ErrCode: math.MaxInt64, Data: []byte{1}}}},
	{name: "resp-min", values: []interface{}{Resp{ReqIdentifier: math.MinInt32, OperationID: "o", ErrCode: math.MinInt64}}},
	{name: "resp-kick", values: []interface{}{Resp{ReqIdentifier: 2002}}},
	{name: "resp-empty", values: []interface{}{Resp{}}},
	{name: "resp-sdk-order", values: []interface{}{GeneralWsResp{ReqIdentifier: 1002, ErrCode: 7, ErrMsg: "e", MsgIncr: "m7", OperationID: "o7", Data: []byte{9, 9}}}},
	{name: "resp-stream", values: []interface{}{
		Resp{ReqIdentifier: 2001, OperationID: "p1", Data: pattern(40)},
		Resp{ReqIdentifier: 1001, MsgIncr: "m3", OperationID: "o3", ErrCode: 1501, ErrMsg: "TokenExpiredError"}}},
}

const outDir = "../resources/gob"

func main() {
	if len(os.Args) == 3 && os.Args[1] == "child" {
		child(os.Args[2])
		return
	}
	if len(os.Args) == 2 && os.Args[1] == "verify" {
		if err := verify(); err != nil {
			fmt.Fprintln(os.Stderr, "FAILED:", err)
			os.Exit(1)
		}
		return
	}
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func child(name string) {
	for _, g := range goldens {
		if g.name != name {
			continue
		}
		if g.pre != nil {
			g.pre()
		}
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		for _, v := range g.values {
			if err := enc.Encode(v); err != nil {
				panic(err)
			}
		}
		os.Stdout.Write(buf.Bytes())
		return
	}
	panic("no golden " + name)
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// row is one line of cases.tsv: strings hex-encoded so that any byte survives.
func row(file string, index int, v interface{}) string {
	f := reflect.ValueOf(v)
	get := func(n string) reflect.Value { return f.FieldByName(n) }
	hexs := func(n string) string {
		x := get(n)
		if !x.IsValid() {
			return ""
		}
		if x.Kind() == reflect.String {
			return hex.EncodeToString([]byte(x.String()))
		}
		return hex.EncodeToString(x.Bytes())
	}
	kind := "resp"
	if get("Token").IsValid() {
		kind = "req"
	}
	errCode := "0"
	if x := get("ErrCode"); x.IsValid() {
		errCode = strconv.FormatInt(x.Int(), 10)
	}
	return strings.Join([]string{file, strconv.Itoa(index), kind, strconv.FormatInt(get("ReqIdentifier").Int(), 10),
		hexs("Token"), hexs("SendID"), hexs("OperationID"), hexs("MsgIncr"), errCode, hexs("ErrMsg"), hexs("Data")}, "\t")
}

const header = "# file\tindex\tkind\treqIdentifier\ttoken\tsendID\toperationID\tmsgIncr\terrCode\terrMsg\tdata (strings and data in hex)"

func generate() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	rows := []string{header}
	for _, g := range goldens {
		out, err := exec.Command(self, "child", g.name).Output()
		if err != nil {
			return fmt.Errorf("%s: %v", g.name, err)
		}
		if err := os.WriteFile(filepath.Join(outDir, g.name+".gob"), out, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(outDir, g.name+".gob.gz"), gzipped(out), 0o644); err != nil {
			return err
		}
		for i, v := range g.values {
			rows = append(rows, row(g.name, i, v))
		}
		if len(g.values) == 1 {
			j, err := json.Marshal(g.values[0])
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(outDir, g.name+".json"), j, 0o644); err != nil {
				return err
			}
		}
	}
	fmt.Printf("wrote %d golden cases to %s\n", len(goldens), outDir)
	return os.WriteFile(filepath.Join(outDir, "cases.tsv"), []byte(strings.Join(rows, "\n")+"\n"), 0o644)
}

// verify decodes what the Java encoder wrote (java/<file>.gob, .gob.gz, .json) as an OpenIM peer would: requests into
// the server's Req, replies into the SDK's GeneralWsResp, a fresh decoder per file; every value must equal its row.
func verify() error {
	text, err := os.ReadFile(filepath.Join(outDir, "cases.tsv"))
	if err != nil {
		return err
	}
	byFile := map[string][]string{}
	for _, line := range strings.Split(strings.TrimRight(string(text), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		file := strings.SplitN(line, "\t", 2)[0]
		byFile[file] = append(byFile[file], line)
	}
	names := make([]string, 0, len(byFile))
	for n := range byFile {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		rows := byFile[name]
		req := strings.Split(rows[0], "\t")[2] == "req"
		for _, suffix := range []string{".gob", ".gob.gz", ".json"} {
			path := filepath.Join(outDir, "java", name+suffix)
			raw, err := os.ReadFile(path)
			if err != nil {
				if suffix == ".json" && len(rows) > 1 {
					continue
				}
				return err
			}
			if suffix == ".gob.gz" {
				r, err := gzip.NewReader(bytes.NewReader(raw))
				if err != nil {
					return fmt.Errorf("%s: %v", path, err)
				}
				if raw, err = io.ReadAll(r); err != nil {
					return fmt.Errorf("%s: %v", path, err)
				}
			}
			var dec *gob.Decoder
			if suffix != ".json" {
				dec = gob.NewDecoder(bytes.NewReader(raw))
			}
			for i, want := range rows {
				var got string
				if req {
					var v Req
					if suffix == ".json" {
						err = json.Unmarshal(raw, &v)
					} else {
						err = dec.Decode(&v)
					}
					got = row(name, i, v)
				} else {
					var v GeneralWsResp
					if suffix == ".json" {
						err = json.Unmarshal(raw, &v)
					} else {
						err = dec.Decode(&v)
					}
					got = row(name, i, v)
				}
				if err != nil {
					return fmt.Errorf("%s value %d: %v", path, i, err)
				}
				if got != want {
					return fmt.Errorf("%s value %d:\n got  %s\n want %s", path, i, got, want)
				}
				checked++
			}
			if dec != nil {
				var extra GeneralWsResp
				if err := dec.Decode(&extra); err != io.EOF {
					return fmt.Errorf("%s: bytes after the last value (%v)", path, err)
				}
			}
		}
	}
	fmt.Printf("Go decoded %d values from %d Java-encoded cases: all equal\n", checked, len(names))
	return nil
}
