package postgres

// Internals for the tests of package postgres_test.
var (
	StateSQL      = stateSQL
	WeightSQL     = weightSQL
	MonthStartSQL = dialect.MonthStart
	Rebind        = rebind
)
