package dev.ghp.agents.store;

class InMemoryStoreContractTest extends CoordinationStoreContract {
    @Override
    protected CoordinationStore newStore() {
        return new InMemoryStore();
    }
}
