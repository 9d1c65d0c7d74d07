module camelchat.io/openim/gobgolden

go 1.19
